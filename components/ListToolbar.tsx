import React, { useEffect, useRef, useState } from 'react';
import { Box, Icon, Input, Label } from '@adminjs/design-system';
import { type ActionJSON, useTranslation } from 'adminjs';
import { useLocation, useNavigate } from 'react-router';

import { PER_PAGE_CHOICES, PER_PAGE_COOKIE, perPageOf, SEARCH_FILTER } from '../src/admin/list-settings';

const SEARCH = `filters.${SEARCH_FILTER}`;

const chosenPerPage = (): number =>
  perPageOf(document.cookie.split(';').map((c) => c.trim().split('=')).find(([name]) => name === PER_PAGE_COOKIE)?.[1]);
/** How long typing pauses before the list is asked again (Enter asks at once). */
const TYPING_PAUSE_MS = 400;

/**
 * Above a list (rendered by ActionHeader.tsx): the search box of the leads and customers lists (`custom.searchBox`
 * of their list action: name, phone and e-mail at once, as `filters.search`, beside the list's other filters) and the
 * number of rows a page shows (25 unless chosen; the choice is kept in a cookie, which the server reads for a list
 * asked without `perPage`, as AdminJS's pager asks). Both change the address; the list reads it.
 */
const ListToolbar: React.FC<{ action: ActionJSON }> = ({ action }) => {
  const { translateComponent: tc } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const query = new URLSearchParams(location.search);
  const current = query.get(SEARCH) ?? '';
  const [text, setText] = useState(current);
  const typed = useRef(false);

  const go = (change: (q: URLSearchParams) => void) => {
    const q = new URLSearchParams(location.search);
    change(q);
    q.delete('page');
    navigate({ pathname: location.pathname, search: q.toString() });
  };
  const search = (value: string) =>
    go((q) => {
      if (value.trim()) q.set(SEARCH, value.trim());
      else q.delete(SEARCH);
    });

  // The address changed otherwise (the filter drawer's reset, Back): the box shows what the list is searched by.
  useEffect(() => {
    if (!typed.current) setText(current);
  }, [current]);
  useEffect(() => {
    if (!typed.current) return undefined;
    const timer = setTimeout(() => {
      typed.current = false;
      if (text.trim() !== current) search(text);
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const perPage = Number(query.get('perPage')) || chosenPerPage();
  return (
    <Box flex flexDirection="row" alignItems="center" flexWrap="wrap" mb="lg" px={['default', 0]} style={{ gap: 16 }} data-testid="list-toolbar">
      {action.custom?.searchBox ? (
        <Box
          as="form"
          role="search"
          flex
          alignItems="center"
          flexGrow={1}
          style={{ maxWidth: 560, gap: 8 }}
          onSubmit={(e: React.FormEvent) => {
            e.preventDefault();
            typed.current = false;
            search(text);
          }}
        >
          <Icon icon="Search" />
          <Input
            type="search"
            width="100%"
            value={text}
            aria-label={tc('ListToolbar.search')}
            placeholder={tc('ListToolbar.searchPlaceholder')}
            data-testid="list-search"
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
              typed.current = true;
              setText(e.target.value);
            }}
          />
        </Box>
      ) : null}
      <Box flex alignItems="center" style={{ gap: 8 }} ml="auto">
        <Label htmlFor="list-per-page" mb={0} style={{ whiteSpace: 'nowrap' }}>
          {tc('ListToolbar.perPage')}
        </Label>
        <select
          id="list-per-page"
          className="crm-per-page"
          data-testid="list-per-page"
          value={perPageOf(String(perPage))}
          onChange={(e) => {
            const chosen = e.target.value;
            document.cookie = `${PER_PAGE_COOKIE}=${chosen}; path=/admin; max-age=${60 * 60 * 24 * 365}; samesite=lax`;
            go((q) => q.set('perPage', chosen));
          }}
        >
          {PER_PAGE_CHOICES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </Box>
    </Box>
  );
};

export default ListToolbar;
