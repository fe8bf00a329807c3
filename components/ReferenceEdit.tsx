import React, { useMemo } from 'react';
import type { EditPropertyProps } from 'adminjs';
import { useLanguageKey, useSelectTexts } from './ui-texts';

type Props = EditPropertyProps & { OriginalComponent?: React.ComponentType<EditPropertyProps> };

/**
 * Overrides AdminJS's DefaultReferenceEditProperty: its search select takes `property.props`, through which we
 * give it the placeholder and messages in the panel's language.
 */
const ReferenceEdit: React.FC<Props> = ({ OriginalComponent, ...props }) => {
  const texts = useSelectTexts();
  const language = useLanguageKey();
  const property = useMemo(() => ({ ...props.property, props: { ...texts, ...props.property.props } }), [props.property, language]);
  if (!OriginalComponent) return null;
  return <OriginalComponent key={language} {...props} property={property} />;
};

export default ReferenceEdit;
