import React from 'react';
import { FormGroup, Select } from '@adminjs/design-system';
import { type FilterPropertyProps, PropertyLabel, useTranslation } from 'adminjs';
import { useSelectTexts, useValueLabels, type ValueOption } from './ui-texts';

type Option = ValueOption<boolean>;

/**
 * Overrides AdminJS's DefaultBooleanFilterProperty (yes / no in the filter drawer): the same select, with its
 * placeholder and messages in the panel's language.
 */
const BooleanFilter: React.FC<FilterPropertyProps> = ({ property, filter = {}, onChange }) => {
  const { translateComponent: tc } = useTranslation();
  const texts = useSelectTexts();
  const { options: valueOptions } = useValueLabels(property);
  const raw = filter[property.path];
  const value = typeof raw === 'undefined' ? '' : /true/i.test(String(raw));
  const options = valueOptions([true, false].map((v) => ({ value: v, label: tc(`Boolean.${v}`) })));
  const selected = options.find((o) => o.value === value);
  return (
    <FormGroup>
      <PropertyLabel property={property} filter />
      <Select
        {...texts}
        variant="filter"
        value={typeof selected === 'undefined' ? '' : selected}
        isClearable
        options={options}
        onChange={(s: Option | null) => onChange(property.path, s ? s.value : undefined)}
      />
    </FormGroup>
  );
};

export default BooleanFilter;
