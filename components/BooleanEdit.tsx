import React, { useEffect } from 'react';
import { CheckBox, FormGroup, FormMessage } from '@adminjs/design-system';
import { type EditPropertyProps, PropertyLabel, useTranslation } from 'adminjs';

const parseValue = (value: unknown): boolean => !(!value || value === 'false');

/**
 * Overrides AdminJS's DefaultBooleanEditProperty. The stock checkbox sends nothing until it is clicked, so a box the
 * user left unticked reached the server as "not given" and took the server's default (a new user came out active
 * under an unticked «Активен»). Here a new record's box starts at the property's `custom.newDefault` and the form
 * always sends what the box shows.
 */
const BooleanEdit: React.FC<EditPropertyProps> = ({ property, onChange, record }) => {
  const { tm } = useTranslation();
  const raw = record.params?.[property.path];
  const value = parseValue(raw);
  const error = record.errors?.[property.path];

  // After every render, not on a change of `raw`: the New form replaces its record once after mounting (with the
  // values given in the address), which would drop a value set only once.
  useEffect(() => {
    if (raw === undefined && !record.id && !property.isDisabled) onChange(property.path, Boolean(property.custom?.newDefault));
  });

  return (
    <FormGroup error={!!error}>
      <CheckBox
        id={property.path}
        name={property.path}
        onChange={() => !property.isDisabled && onChange(property.path, !value)}
        checked={value}
        disabled={property.isDisabled}
        {...property.props}
      />
      <PropertyLabel property={property} props={{ inline: true }} />
      <FormMessage>{error && tm(error.message, property.resourceId)}</FormMessage>
    </FormGroup>
  );
};

export default BooleanEdit;
