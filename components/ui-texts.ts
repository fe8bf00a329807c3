/**
 * Texts that the design system's widgets (react-select, react-datepicker) hard-code in English, and the labels of
 * a property's values, in the language of the panel. Shared by our components and by the AdminJS property
 * components we override (src/admin/components.ts).
 */
import type React from 'react';
import { useCallback, useEffect, useRef } from 'react';
import { type PropertyJSON, useTranslation } from 'adminjs';
// The copy of date-fns that react-datepicker itself uses (a dependency of @adminjs/design-system). The locale
// object is passed straight to the picker: no registerLocale, no global state.
import ru from 'date-fns/locale/ru';

/** date-fns locales of the panel's languages; English is react-datepicker's own default. */
const DATE_LOCALES: Record<string, unknown> = { ru };

const isoLanguage = (language: string | undefined) => (language ?? '').split('-')[0];

/**
 * Props for the design system's DatePicker (it passes unknown props on to react-datepicker): month and weekday
 * names and the first day of the week (Monday in Russian) from the locale, and the buttons' and days' labels.
 */
export function useDatePickerTexts(): Record<string, unknown> {
  const { i18n, translateComponent: tc } = useTranslation();
  const locale = DATE_LOCALES[isoLanguage(i18n.language)];
  const t = (key: string) => tc(`DatePicker.${key}`);
  return {
    ...(locale ? { locale } : {}),
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

/** react-datepicker's screen-reader announcements after a pick, which it writes in English whatever the locale. */
const ANNOUNCEMENTS: Array<[english: string, key: string]> = [
  ['Selected date:', 'selectedDate'],
  ['Selected time:', 'selectedTime'],
];

/**
 * A ref for an element around date pickers: rewrites the English start of their announcements ("Selected date:
 * вторник, 10 ноября 2026 г.") in the panel's language, in place (the text node React updates).
 */
export function useDatePickerAnnouncements(): (el: HTMLElement | null) => void {
  const { translateComponent: tc } = useTranslation();
  const prefixes = ANNOUNCEMENTS.map(([english, key]) => [english, tc(`DatePicker.${key}`)] as const).filter(([e, t]) => e !== t);
  const signature = JSON.stringify(prefixes);
  const observer = useRef<MutationObserver | null>(null);
  useEffect(() => () => observer.current?.disconnect(), []);
  return useCallback(
    (root: HTMLElement | null) => {
      observer.current?.disconnect();
      observer.current = null;
      if (!root || !prefixes.length) return;
      const translate = () => {
        root.querySelectorAll('.react-datepicker__aria-live').forEach((region) => {
          const node = region.firstChild;
          if (node?.nodeType !== Node.TEXT_NODE) return;
          for (const [english, local] of prefixes) {
            if (node.nodeValue?.startsWith(english)) node.nodeValue = local + node.nodeValue.slice(english.length);
          }
        });
      };
      translate();
      observer.current = new MutationObserver(translate);
      observer.current.observe(root, { subtree: true, childList: true, characterData: true });
    },
    [signature],
  );
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

type OptionValue = string | number | boolean;

/** An option of a select over a property's values. */
export interface ValueOption<V extends OptionValue> {
  value: V;
  label: string;
}

export interface ValueLabels {
  /** A value's label: `labels.<path>.<value>` of the property's resource, else `fallback` (the value itself). */
  label: (value: OptionValue, fallback?: string) => string;
  /** Options of a select over the values, each labelled as above with its own `label` as the fallback. */
  options: <V extends OptionValue>(values: ReadonlyArray<{ value: V; label?: string }>) => Array<ValueOption<V>>;
}

/** The translated labels of a property's fixed values (a status, a channel, a role, yes / no). */
export function useValueLabels(property: Pick<PropertyJSON, 'path' | 'resourceId'>): ValueLabels {
  const { tl } = useTranslation();
  const label = (value: OptionValue, fallback = String(value)) => tl(`${property.path}.${value}`, property.resourceId, { defaultValue: fallback });
  return {
    label,
    options: (values) => values.map((v) => ({ value: v.value, label: label(v.value, v.label ?? String(v.value)) })),
  };
}

/** Re-mounts a (memoised) AdminJS component when the language changes, so it picks the new texts up. */
export function useLanguageKey(): string {
  return useTranslation().i18n.language ?? '';
}
