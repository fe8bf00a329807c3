import React, { useState } from 'react';
import { FormGroup, SelectAsync } from '@adminjs/design-system';
import { ApiClient, type FilterPropertyProps, PropertyLabel } from 'adminjs';
import { useSelectTexts } from './ui-texts';

type Option = { value: string | number; label: string };

/**
 * Overrides AdminJS's DefaultReferenceFilterProperty (a record picked from another resource in the filter
 * drawer): the same search select, with its placeholder and messages in the panel's language.
 */
const ReferenceFilter: React.FC<FilterPropertyProps> = ({ property, filter = {}, onChange }) => {
  const [options, setOptions] = useState<Option[]>([]);
  const texts = useSelectTexts();

  const loadOptions = async (inputValue: string): Promise<Option[]> => {
    const records = await new ApiClient().searchRecords({ resourceId: property.reference as string, query: inputValue });
    const loaded = records.map((r) => ({ value: r.id, label: r.title }));
    setOptions(loaded);
    return loaded;
  };

  const value = typeof filter[property.path] === 'undefined' ? '' : filter[property.path];
  const selected = options.find((o) => String(o.value) === String(value));
  return (
    <FormGroup>
      <PropertyLabel property={property} filter />
      <SelectAsync
        {...texts}
        variant="filter"
        value={typeof selected === 'undefined' ? '' : selected}
        isClearable
        cacheOptions
        loadOptions={loadOptions}
        onChange={(s: Option | null) => onChange(property.path, s ? String(s.value) : '')}
        defaultOptions
      />
    </FormGroup>
  );
};

export default ReferenceFilter;
