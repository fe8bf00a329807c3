import React from 'react';
import { Badge, Box, FormGroup, Select, ValueGroup } from '@adminjs/design-system';
import { type BasePropertyProps, flat, PropertyLabel, useTranslation } from 'adminjs';
import { useSelectTexts, useValueLabels, type ValueOption } from './ui-texts';

type Option = ValueOption<string>;

/**
 * A list of values from a fixed set (a user's roles), where AdminJS's array components show "Количество: 2"
 * in the list and nothing in the filter: each value by its translated label (`labels.<path>.<value>`) in the
 * list and on the record's page, and a select of the values in the filter (records holding the one picked).
 */
const EnumArrayValue: React.FC<BasePropertyProps> = (props) => {
  const { property, where } = props;
  const { translateProperty } = useTranslation();
  const { label } = useValueLabels(property);
  if (where === 'filter') return <EnumArrayFilter {...props} />;

  const raw = flat.get(props.record?.params ?? {}, property.path);
  const values: string[] = Array.isArray(raw) ? raw.map(String) : raw == null || raw === '' ? [] : [String(raw)];
  const badges = (
    <Box flex flexWrap="wrap" style={{ gap: 4 }}>
      {values.map((v) => (
        <Badge key={v} style={{ whiteSpace: 'nowrap' }}>
          {label(v)}
        </Badge>
      ))}
    </Box>
  );
  if (where !== 'show') return badges;
  return <ValueGroup label={translateProperty(property.label, property.resourceId)}>{badges}</ValueGroup>;
};

const EnumArrayFilter: React.FC<BasePropertyProps> = ({ property, filter = {}, onChange }) => {
  const texts = useSelectTexts();
  const { options: valueOptions } = useValueLabels(property);
  // labelled by the value itself when untranslated, as in the list
  const options = valueOptions((property.availableValues ?? []).map((v) => ({ value: String(v.value) })));
  const selected = options.find((o) => o.value === filter[property.path]);
  return (
    <FormGroup variant="filter">
      <PropertyLabel property={property} filter />
      <Select
        {...texts}
        variant="filter"
        value={selected ?? ''}
        isClearable
        options={options}
        onChange={(s: Option | null) => onChange?.(property.path, s ? s.value : '')}
      />
    </FormGroup>
  );
};

export default EnumArrayValue;
