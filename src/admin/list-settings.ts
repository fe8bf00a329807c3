/**
 * The lists' page sizes and search box, read by the server (src/admin/ui.ts re-exports them) and by the panel's own
 * component (components/ListToolbar.tsx). Free of imports, so the components' bundle can take it as it is.
 */

/** Rows on a list page unless the user picks another size under the list (PER_PAGE_CHOICES, `?perPage=`). */
export const LIST_PER_PAGE = 25;
export const PER_PAGE_CHOICES: readonly number[] = [10, 25, 50, 100];
/**
 * The page size the user chose (components/ListToolbar.tsx), kept by the browser: AdminJS's pager and column
 * headers drop `perPage` from the address, so a list asked without one reads it from here.
 */
export const PER_PAGE_COOKIE = 'crm_per_page';

/** The list filter of the search box over the leads and customers lists (`filters.search`): name, phone, e-mail at once. */
export const SEARCH_FILTER = 'search';

/** The page size a cookie's value stands for: one of the choices, else the default. */
export const perPageOf = (value: string | undefined): number => {
  const n = Number(value);
  return PER_PAGE_CHOICES.includes(n) ? n : LIST_PER_PAGE;
};
