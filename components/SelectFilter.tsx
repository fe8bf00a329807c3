import React from 'react';
import { FormGroup, Select } from '@adminjs/design-system';
import { type FilterPropertyProps, PropertyLabel } from 'adminjs';
import { useSelectTexts, useValueLabels, type ValueOption } from './ui-texts';

type Props = FilterPropertyProps & { OriginalComponent?: React.ComponentType<FilterPropertyProps> };
type Option = ValueOption<string | number>;

/**
 * Overrides AdminJS's DefaultFilterProperty: a property with a list of values (a status, a channel) is filtered
 * with a select whose placeholder and messages are in the panel's language; text filters stay the original.
 */
const SelectFilter: React.FC<Props> = ({ OriginalComponent, ...props }) => {
  const { property, filter = {}, onChange } = props;
  const texts = useSelectTexts();
  const { options: valueOptions } = useValueLabels(property);
  if (!property.availableValues) return OriginalComponent ? <OriginalComponent {...props} /> : null;

  const options = valueOptions(property.availableValues);
  const value = filter[property.path] || '';
  const selected = value === '' ? undefined : options.find((o) => String(o.value) === String(value));
  return (
    <FormGroup variant="filter">
      <PropertyLabel property={property} filter />
      <Select
        {...texts}
        variant="filter"
        value={typeof selected === 'undefined' ? '' : selected}
        isClearable
        options={options}
        onChange={(s: Option | null) => onChange(property.path, s ? s.value : '')}
      />
    </FormGroup>
  );
};

export default SelectFilter;
