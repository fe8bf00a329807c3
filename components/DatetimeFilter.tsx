import React from 'react';
import { DatePicker, FormGroup, Label } from '@adminjs/design-system';
import { type FilterPropertyProps, PropertyLabel, useTranslation } from 'adminjs';
import { localDay } from './DateEdit';
import { useDatePickerAnnouncements, useDatePickerTexts } from './ui-texts';

/** AdminJS's separator of range filter keys (`signedOn~~from`), backend/utils/filter/filter.js. */
const PARAM_SEPARATOR = '~~';

/**
 * Overrides AdminJS's DefaultDatetimeFilterProperty (the from/to range of a date or datetime in the filter
 * drawer) to show its calendars in the panel's language. A date-only bound is the day picked (YYYY-MM-DD), not
 * the UTC instant of its local midnight, which east of Greenwich is the day before.
 */
const DatetimeFilter: React.FC<FilterPropertyProps> = ({ property, filter = {}, onChange }) => {
  const { translateProperty } = useTranslation();
  const texts = useDatePickerTexts();
  const announcements = useDatePickerAnnouncements();
  const fromKey = `${property.path}${PARAM_SEPARATOR}from`;
  const toKey = `${property.path}${PARAM_SEPARATOR}to`;
  const dateOnly = property.type === 'date';
  const shown = (v: string | undefined) => (dateOnly && v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00` : v);
  const picked = (key: string) => (date: string | null) => onChange(key, dateOnly ? localDay(date) : date);
  return (
    <FormGroup variant="filter" ref={announcements}>
      <PropertyLabel property={property} filter />
      <Label>{translateProperty('from')}</Label>
      <DatePicker {...texts} value={shown(filter[fromKey])} onChange={picked(fromKey)} propertyType={property.type} />
      <Label mt="default">{translateProperty('to')}</Label>
      <DatePicker {...texts} value={shown(filter[toKey])} onChange={picked(toKey)} propertyType={property.type} />
    </FormGroup>
  );
};

export default DatetimeFilter;
