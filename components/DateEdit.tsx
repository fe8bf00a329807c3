import React from 'react';
import { DatePicker, FormGroup, FormMessage, Label } from '@adminjs/design-system';
import { type EditPropertyProps, useTranslation } from 'adminjs';
import { useDatePickerAnnouncements, useDatePickerTexts } from './ui-texts';

/** YYYY-MM-DD of the day the user picked, in the user's own time zone. */
export const localDay = (iso: string | null): string => {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/**
 * A date-only field. AdminJS's own editor turns the picked local midnight into UTC with toISOString(), so east
 * of Greenwich (Moscow) every date is saved one day early; this one keeps the day the user picked.
 */
const DateEdit: React.FC<EditPropertyProps> = ({ property, record, onChange }) => {
  const { translateProperty, tm } = useTranslation();
  const pickerTexts = useDatePickerTexts();
  const announcements = useDatePickerAnnouncements();
  const value = record?.params?.[property.path] as string | undefined;
  const error = record?.errors?.[property.path];
  return (
    <FormGroup error={!!error} ref={announcements}>
      <Label required={property.isRequired}>{translateProperty(property.label, property.resourceId)}</Label>
      <DatePicker
        {...pickerTexts}
        value={value ? `${String(value).slice(0, 10)}T00:00:00` : ''}
        propertyType="date"
        disabled={property.isDisabled}
        onChange={(date) => onChange?.(property.path, localDay(date))}
      />
      <FormMessage>{error && tm(error.message, property.resourceId)}</FormMessage>
    </FormGroup>
  );
};

export default DateEdit;
