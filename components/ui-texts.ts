/**
 * Texts that the design system's widgets (react-select, react-datepicker) hard-code in English, in the language
 * of the panel. Shared by our components and by the AdminJS property components we override (src/admin/components.ts).
 */
import type React from 'react';
import { useTranslation } from 'adminjs';
// The copy of date-fns that react-datepicker itself uses (a dependency of @adminjs/design-system). The locale
// object is passed straight to the picker: no registerLocale, no global state.
import ru from 'date-fns/locale/ru';

/** date-fns locales of the panel's languages; English is react-datepicker's own default. */
const DATE_LOCALES: Record<string, unknown> = { ru };

const isoLanguage = (language: string | undefined) => (language ?? '').split('-')[0];

/**
 * Props for the design system's DatePicker (it passes unknown props on to react-datepicker): month and weekday
 * names, the first day of the week (Monday in Russian), the placeholder and the screen-reader labels.
 */
export function useDatePickerTexts(propertyType: string = 'date'): Record<string, unknown> {
  const { i18n, translateComponent: tc } = useTranslation();
  const locale = DATE_LOCALES[isoLanguage(i18n.language)];
  const t = (key: string) => tc(`DatePicker.${key}`);
  return {
    ...(locale ? { locale } : {}),
    placeholderText: t(propertyType === 'datetime' ? 'placeholderDatetime' : 'placeholderDate'),
    timeInputLabel: t('time'),
    timeCaption: t('time'),
    chooseDayAriaLabelPrefix: t('chooseDay'),
    disabledDayAriaLabelPrefix: t('disabledDay'),
    previousMonthAriaLabel: t('previousMonth'),
    previousMonthButtonLabel: t('previousMonth'),
    nextMonthAriaLabel: t('nextMonth'),
    nextMonthButtonLabel: t('nextMonth'),
    previousYearAriaLabel: t('previousYear'),
    previousYearButtonLabel: t('previousYear'),
    nextYearAriaLabel: t('nextYear'),
    nextYearButtonLabel: t('nextYear'),
  };
}

export interface SelectTexts {
  placeholder: string;
  noOptionsMessage: () => React.ReactNode;
  loadingMessage: () => React.ReactNode;
}

/** react-select's placeholder ("Select...") and its menu messages ("No options", "Loading...") translated. */
export function useSelectTexts(): SelectTexts {
  const { translateComponent: tc } = useTranslation();
  const noOptions = tc('Select.noOptions');
  const loading = tc('Select.loading');
  return {
    placeholder: tc('Select.placeholder'),
    noOptionsMessage: () => noOptions,
    loadingMessage: () => loading,
  };
}

/** Re-mounts a (memoised) AdminJS component when the language changes, so it picks the new texts up. */
export function useLanguageKey(): string {
  return useTranslation().i18n.language ?? '';
}
