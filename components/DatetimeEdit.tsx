import React, { useMemo } from 'react';
import type { EditPropertyProps } from 'adminjs';
import DateEdit from './DateEdit';
import { useDatePickerAnnouncements, useDatePickerTexts, useLanguageKey } from './ui-texts';

type Props = EditPropertyProps & { OriginalComponent?: React.ComponentType<EditPropertyProps> };

/**
 * Overrides AdminJS's DefaultDatetimeEditProperty: the calendar in the panel's language (Russian month and
 * weekday names, weeks from Monday). Date-only properties get our DateEdit, which keeps the day picked instead
 * of the UTC day AdminJS's editor would store east of Greenwich.
 */
const DatetimeEdit: React.FC<Props> = ({ OriginalComponent, ...props }) => {
  const texts = useDatePickerTexts();
  const announcements = useDatePickerAnnouncements();
  const language = useLanguageKey();
  const property = useMemo(() => ({ ...props.property, props: { ...texts, ...props.property.props } }), [props.property, language]);
  if (props.property.type === 'date' || !OriginalComponent) return <DateEdit {...props} />;
  // the original is memoised on the record's value: the key re-mounts it when the language changes
  return (
    <div ref={announcements}>
      <OriginalComponent key={language} {...props} property={property} />
    </div>
  );
};

export default DatetimeEdit;
