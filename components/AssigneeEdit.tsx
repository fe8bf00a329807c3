import React from 'react';
import { FormGroup, FormMessage, Label, Select, Text } from '@adminjs/design-system';
import { type EditPropertyProps, useTranslation } from 'adminjs';
import { useAssignees, type AssigneeOption as Option } from './assignees';
import { useSelectTexts } from './ui-texts';

/**
 * A responsible manager picked from the active managers and admins. On a new lead: optional, the operator's choice.
 * On an existing lead it is only shown: it changes by «Взять в работу», «Назначить» and «Снять назначение».
 * `custom.noneLabel` (the users form's «Открытые лиды передать»): the first option is «none» with that text.
 */
const AssigneeEdit: React.FC<EditPropertyProps> = ({ property, record, onChange }) => {
  const { i18n, translateComponent: tc, translateProperty: tp } = useTranslation();
  const texts = useSelectTexts();
  const assignees = useAssignees(i18n.language);
  const noneLabel = property.custom?.noneLabel as string | undefined;
  if (noneLabel && !record?.id) return null; // a new user owns no leads yet
  const existing = property.custom?.setOnCreateOnly && record?.id;
  const value = record?.params?.[property.path];
  const error = record?.errors?.[property.path];
  const label = tp(property.label, property.resourceId);
  if (existing) {
    const title = record?.populated?.[property.path]?.title;
    return (
      <FormGroup>
        <Label>{label}</Label>
        <Text>{title ?? tc('Assignee.none')}</Text>
        <FormMessage>{tc('Assignee.changeByActions')}</FormMessage>
      </FormGroup>
    );
  }
  const options: Option[] = [
    ...(noneLabel ? [{ value: 'none', label: tc(noneLabel) }] : []),
    // the users form: a user's leads go to someone else
    ...assignees.filter((a) => !noneLabel || a.value !== String(record?.id ?? '')),
  ];
  const selected = options.find((o) => o.value === String(value ?? '')) ?? null;
  return (
    <FormGroup error={!!error}>
      <Label htmlFor={property.path}>{label}</Label>
      <Select {...texts} inputId={property.path} isClearable value={selected} options={options} onChange={(s: Option | null) => onChange(property.path, s ? s.value : '')} />
      <FormMessage>{error?.message}</FormMessage>
    </FormGroup>
  );
};

export default AssigneeEdit;
