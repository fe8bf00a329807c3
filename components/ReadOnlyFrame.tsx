import React from 'react';

/** The grey of a disabled input of the design system, given to a disabled select's box as well. */
const CSS = `.crm-read-only [class*="-control"] { background-color: #dcdde2; }
.crm-read-only [class*="-singleValue"] { color: #898a9a; }`;

/**
 * Around a select (a reference, a list of values) that the server will refuse to change on this record: the
 * design system draws a disabled select like an enabled one, so it is greyed here as disabled inputs are.
 */
const ReadOnlyFrame: React.FC<{ readOnly: boolean; children: React.ReactNode }> = ({ readOnly, children }) =>
  readOnly ? (
    <div className="crm-read-only">
      <style>{CSS}</style>
      {children}
    </div>
  ) : (
    <>{children}</>
  );

export default ReadOnlyFrame;
