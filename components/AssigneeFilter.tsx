import React from 'react';
import { FormGroup, Select } from '@adminjs/design-system';
import { type FilterPropertyProps, PropertyLabel, useTranslation } from 'adminjs';
import { useAssignees, type AssigneeOption as Option } from './assignees';
import { useSelectTexts } from './ui-texts';

/**
 * The leads list's «Ответственный» filter: «Не назначен» (`none`, leads nobody is responsible for) or one of the
 * active managers and admins; every role that reads the list may use it (the users section is admins' only).
 */
const AssigneeFilter: React.FC<FilterPropertyProps> = ({ property, filter = {}, onChange }) => {
  const { i18n, translateComponent: tc } = useTranslation();
  const texts = useSelectTexts();
  const assignees = useAssignees(i18n.language);
  const options: Option[] = [{ value: 'none', label: tc('Assignee.none') }, ...assignees];
  const value = filter[property.path];
  const selected = options.find((o) => o.value === String(value ?? '')) ?? (value ? { value: String(value), label: `№${value}` } : null);
  return (
    <FormGroup>
      <PropertyLabel property={property} filter />
      <Select {...texts} variant="filter" inputId={`filter-${property.path}`} isClearable value={selected} options={options} onChange={(s: Option | null) => onChange(property.path, s ? s.value : '')} />
    </FormGroup>
  );
};

export default AssigneeFilter;
