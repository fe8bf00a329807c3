import React, { useMemo } from 'react';
import type { EditPropertyProps } from 'adminjs';
import { useLanguageKey, useSelectTexts } from './ui-texts';
import { withReadOnly } from './read-only';
import ReadOnlyFrame from './ReadOnlyFrame';

type Props = EditPropertyProps & { OriginalComponent?: React.ComponentType<EditPropertyProps> };

/**
 * Overrides AdminJS's DefaultReferenceEditProperty: its search select takes `property.props`, through which we
 * give it the placeholder and messages in the panel's language. Disabled when the server will refuse a change.
 */
const ReferenceEdit: React.FC<Props> = ({ OriginalComponent, ...props }) => {
  const texts = useSelectTexts();
  const language = useLanguageKey();
  const readOnlyFields = props.record?.params?.readOnlyFields;
  const property = useMemo(
    () => withReadOnly({ ...props.property, props: { ...texts, ...props.property.props } }, props.record),
    [props.property, language, readOnlyFields],
  );
  if (!OriginalComponent) return null;
  return (
    <ReadOnlyFrame readOnly={!!property.isDisabled}>
      <OriginalComponent key={`${language}${property.isDisabled ? '-ro' : ''}`} {...props} property={property} />
    </ReadOnlyFrame>
  );
};

export default ReferenceEdit;
