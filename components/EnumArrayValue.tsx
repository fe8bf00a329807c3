import React from 'react';
import { Badge, Box, CheckBox, FormGroup, FormMessage, Label, Select, ValueGroup } from '@adminjs/design-system';
import { type BasePropertyProps, flat, PropertyLabel, useTranslation } from 'adminjs';
import { useSelectTexts, useValueLabels, type ValueOption } from './ui-texts';

type Option = ValueOption<string>;

/**
 * A list of values from a fixed set (a user's roles), where AdminJS's array components show "Количество: 2"
 * in the list and nothing in the filter: each value by its translated label (`labels.<path>.<value>`) in the
 * list and on the record's page, a select of the values in the filter (records holding the one picked), and one
 * checkbox per value in the form (where AdminJS gives «Добавить роль» and a select labelled «1» per item).
 */
const EnumArrayValue: React.FC<BasePropertyProps> = (props) => {
  const { property, where } = props;
  const { translateProperty } = useTranslation();
  const { label } = useValueLabels(property);
  if (where === 'filter') return <EnumArrayFilter {...props} />;
  if (where === 'edit') return <EnumArrayEdit {...props} />;

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

const EnumArrayEdit: React.FC<BasePropertyProps> = ({ property, record, onChange }) => {
  const { translateProperty, tm } = useTranslation();
  const { options: valueOptions } = useValueLabels(property);
  const options = valueOptions((property.availableValues ?? []).map((v) => ({ value: String(v.value) })));
  const raw = flat.get(record?.params ?? {}, property.path);
  const chosen: string[] = Array.isArray(raw) ? raw.map(String) : raw == null || raw === '' ? [] : [String(raw)];
  const error = record?.errors?.[property.path];
  const toggle = (value: string) => {
    const next = chosen.includes(value) ? chosen.filter((v) => v !== value) : [...chosen, value];
    // in the order of the values, as the list shows them
    onChange?.(property.path, options.map((o) => o.value).filter((v) => next.includes(v)));
  };
  return (
    <FormGroup error={!!error}>
      <Label required={property.isRequired}>{translateProperty(property.label, property.resourceId)}</Label>
      <Box flex flexWrap="wrap" role="group" style={{ gap: '8px 24px' }} data-testid={`checkboxes-${property.path}`}>
        {options.map((o) => {
          const id = `${property.path}-${o.value}`;
          return (
            <Box key={o.value} flex alignItems="center">
              <CheckBox id={id} name={id} checked={chosen.includes(o.value)} disabled={property.isDisabled} onChange={() => toggle(o.value)} />
              <Label inline htmlFor={id} ml="default" mb={0} style={{ cursor: 'pointer' }}>{o.label}</Label>
            </Box>
          );
        })}
      </Box>
      <FormMessage>{error && tm(error.message, property.resourceId)}</FormMessage>
    </FormGroup>
  );
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
