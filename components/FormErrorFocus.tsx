import React, { useEffect, useRef } from 'react';
import { ApiClient } from 'adminjs';

type Props = { OriginalComponent?: React.ComponentType<Record<string, unknown>> } & Record<string, unknown>;

const REFUSED = 'crm:save-refused';
let watching = false;

/**
 * Tells the page which fields a save was refused for: AdminJS's forms keep the answer to themselves (useRecord), so
 * the panel's API client reports, once patched, every POST answered with field errors (the paths of the record's
 * `errors`) as a window event.
 */
function watchSaves(): void {
  if (watching) return;
  watching = true;
  const proto = ApiClient.prototype as unknown as Record<string, (options: { data?: unknown }) => Promise<{ data?: { record?: { errors?: object } } }>>;
  for (const name of ['recordAction', 'resourceAction']) {
    const original = proto[name];
    proto[name] = async function send(this: unknown, options) {
      const response = await original.call(this, options);
      const errors = response?.data?.record?.errors;
      if (options?.data && errors && Object.keys(errors).length) window.dispatchEvent(new CustomEvent(REFUSED, { detail: Object.keys(errors) }));
      return response;
    };
  }
}

/** The first field of the form (in the form's order) that one of the refused paths belongs to: scrolled to and focused. */
function focusFirst(root: HTMLElement | null, paths: string[]): void {
  if (!root) return;
  const prefix = 'property-edit-';
  const fields = Array.from(root.querySelectorAll<HTMLElement>(`[data-testid^="${prefix}"]`));
  const field = fields.find((f) => {
    const path = (f.getAttribute('data-testid') ?? '').slice(prefix.length);
    return paths.some((p) => p === path || p.startsWith(`${path}.`));
  });
  if (!field) return;
  field.scrollIntoView({ block: 'center' });
  const control = field.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])');
  control?.focus({ preventScroll: true });
}

/**
 * AdminJS's create and edit forms (DefaultNewAction, DefaultEditAction) as they are, but a refused save brings the
 * first field in error into view and puts the cursor in it, instead of leaving the message below the fold.
 */
const FormErrorFocus: React.FC<Props> = ({ OriginalComponent, ...props }) => {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    watchSaves();
    const onRefused = (event: Event) => {
      const paths = (event as CustomEvent<string[]>).detail;
      // once React has drawn the answer (the messages beside the fields)
      requestAnimationFrame(() => setTimeout(() => focusFirst(box.current, paths), 0));
    };
    window.addEventListener(REFUSED, onRefused);
    return () => window.removeEventListener(REFUSED, onRefused);
  }, []);
  if (!OriginalComponent) return null;
  return (
    <div ref={box} style={{ display: 'contents' }}>
      <OriginalComponent {...props} />
    </div>
  );
};

export default FormErrorFocus;
