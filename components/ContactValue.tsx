import React from 'react';
import { ValueGroup } from '@adminjs/design-system';
import { type BasePropertyProps, useTranslation } from 'adminjs';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * A stored phone (E.164) as people read it: a Russian one `+7 912 345-67-89` (the library's international form
 * would put spaces where Russians write dashes), others in the library's international form; anything
 * unparsable as it is.
 */
export function formatPhone(value: string): string {
  const ru = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(value);
  if (ru) return `+7 ${ru[1]} ${ru[2]}-${ru[3]}-${ru[4]}`;
  return parsePhoneNumberFromString(value)?.formatInternational() ?? value;
}

/**
 * A lead's phone or e-mail in lists and on cards: the phone formatted and a `tel:` link, the e-mail a `mailto:`
 * link, so a click calls or writes. An empty one is left off the card; in a list a long one is cut, whole on hover.
 */
const ContactValue: React.FC<BasePropertyProps> = ({ property, record, where }) => {
  const { translateProperty } = useTranslation();
  const raw = (record?.params[property.path] as string | undefined) ?? '';
  if (!raw) return where === 'show' ? null : <span />;
  const isPhone = property.path === 'phone';
  const link = (
    <a href={isPhone ? `tel:${raw}` : `mailto:${raw}`} style={{ whiteSpace: 'nowrap' }} onClick={(e) => e.stopPropagation()} data-testid={`contact-${property.path}`}>
      {isPhone ? formatPhone(raw) : raw}
    </a>
  );
  if (where === 'show') return <ValueGroup label={translateProperty(property.label, property.resourceId)}>{link}</ValueGroup>;
  // in a list: one line, a long e-mail cut with «…» and whole on hover (components/styles/crm.css)
  return (
    <span className="crm-ellipsis" title={isPhone ? formatPhone(raw) : raw}>
      {link}
    </span>
  );
};

export default ContactValue;
