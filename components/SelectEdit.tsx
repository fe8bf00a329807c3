import React, { useMemo } from 'react';
import type { EditPropertyProps } from 'adminjs';
import { useLanguageKey, useSelectTexts } from './ui-texts';
import { withReadOnly } from './read-only';
import ReadOnlyFrame from './ReadOnlyFrame';

type Props = EditPropertyProps & { OriginalComponent?: React.ComponentType<EditPropertyProps> };

/**
 * Overrides AdminJS's DefaultEditProperty: a property with a list of values is edited in a select, which takes
 * `property.props`; through them it gets its placeholder and messages in the panel's language. Text inputs (no
 * values list) are left exactly as they are. A field the server will refuse to change on this record is disabled.
 */
const SelectEdit: React.FC<Props> = ({ OriginalComponent, ...props }) => {
  const texts = useSelectTexts();
  const language = useLanguageKey();
  const withValues = !!props.property.availableValues;
  const readOnlyFields = props.record?.params?.readOnlyFields;
  const property = useMemo(
    () => withReadOnly(withValues ? { ...props.property, props: { ...texts, ...props.property.props } } : props.property, props.record),
    [props.property, withValues, language, readOnlyFields],
  );
  if (!OriginalComponent) return null;
  return (
    <ReadOnlyFrame readOnly={withValues && !!property.isDisabled}>
      <OriginalComponent key={`${withValues ? language : ''}${property.isDisabled ? '-ro' : ''}`} {...props} property={property} />
    </ReadOnlyFrame>
  );
};

export default SelectEdit;
