import React from 'react';
import { Badge, Box, ButtonGroup, type ButtonGroupProps, cssClass, H2, H3 } from '@adminjs/design-system';
import {
  type ActionHeaderProps,
  type ActionJSON,
  actionHref,
  Breadcrumbs,
  buildActionClickHandler,
  buildActionTestId,
  useActionResponseHandler,
  useFilterDrawer,
  useModal,
  useTranslation,
} from 'adminjs';
import { useLocation, useNavigate } from 'react-router';
import ListToolbar from './ListToolbar';
import { SEARCH_FILTER } from '../src/admin/list-settings';

/**
 * AdminJS's ActionHeader with one change: the page's heading is what the page is about. A record's pages (its card,
 * its form, its custom actions) are headed by the record's title («Иванова Анна Сергеевна»), a list by the section's
 * name («Лиды»), never by the action («Просмотр», «Список»); the breadcrumbs above still name the action. Other
 * pages (create, import) keep the action's name. AdminJS builds the heading as translateAction(action.label), which
 * cannot carry a record's title, hence a copy rather than a wrapper. Under a list's heading: its search box and page
 * size (ListToolbar.tsx). A record's pages do not offer the section's own actions (export, import). The filter
 * button counts the filters set in its drawer: not the search box's text, and a period (`…~~from`, `…~~to`) as one.
 */
type Props = ActionHeaderProps & { OriginalComponent?: unknown };

const ActionHeader: React.FC<Props> = (props) => {
  const { resource, actionPerformed, record, action, tag, omitActions, toggleFilter: isFilterButtonVisible } = props;
  const translateFunctions = useTranslation();
  const { translateButton, translateAction, translateLabel } = translateFunctions;
  const navigate = useNavigate();
  const location = useLocation();
  const actionResponseHandler = useActionResponseHandler(actionPerformed);
  const modalFunctions = useModal();
  const { toggleFilter } = useFilterDrawer();
  const filtersCount = drawerFilters(location.search);
  if (action.hideActionHeader) return null;

  const resourceId = resource.id;
  const params = { resourceId, recordId: record?.id };
  const handleActionClick = (event: React.MouseEvent, sourceAction: ActionJSON) =>
    buildActionClickHandler({ action: sourceAction, params, actionResponseHandler, navigate, location, translateFunctions, modalFunctions } as never)(event as never);
  const toButtons = (actions: ActionJSON[], buttonParams: Record<string, unknown>): ButtonGroupProps['buttons'] =>
    actions.map((a) => {
      const href = actionHref(a, buttonParams as never);
      return {
        icon: a.icon,
        label: translateAction(a.label, resourceId),
        variant: a.variant,
        source: a,
        href: href || undefined,
        onClick: href ? (handleActionClick as never) : undefined,
        'data-testid': buildActionTestId(a),
        buttons: [],
        'data-css': `${a.resourceId}-${a.name}-button`,
      };
    });

  const actionButtons = toButtons(
    record
      ? record.recordActions.filter((ra) => !action || action.name !== ra.name)
      : resource.resourceActions.filter((ra) => ra.name === 'new' && (!action || action.name !== ra.name)),
    params,
  );
  if (typeof isFilterButtonVisible === 'function' || isFilterButtonVisible) {
    actionButtons.push({
      label: translateButton(filtersCount > 0 ? 'filterActive' : 'filter', resource.id, { count: filtersCount }),
      onClick: toggleFilter,
      icon: 'Filter',
      'data-css': `${resource.id}-filter-button`,
    } as never);
  }
  // The section's own actions (export, import) belong to its list: on a record's card «Экспорт» exported the whole
  // list, not the record shown.
  const customResourceButtons = toButtons(
    action.showResourceActions && !record ? resource.resourceActions.filter((ra) => !['list', 'new'].includes(ra.name)) : [],
    { resourceId },
  );

  const title = record?.title ? record.title : action.name === 'list' ? translateLabel(resource.name, resourceId) : translateAction(action.label, resourceId);
  const Heading = action.showInDrawer ? H3 : H2;
  return (
    <Box className={cssClass('ActionHeader')} data-css={`${resourceId}-${action.name}-action-header`}>
      {!action.showInDrawer && (
        <Box flex flexDirection="row" px={['default', 0]}>
          <Breadcrumbs resource={resource} actionName={action.name} record={record} />
          <Box flexShrink={0}>
            <ButtonGroup size="sm" rounded buttons={customResourceButtons} />
          </Box>
        </Box>
      )}
      <Box display={['block', action.showInDrawer ? 'block' : 'flex']}>
        <Box mt={action.showInDrawer ? '' : 'lg'} flexGrow={1} px={['default', 0]}>
          <Heading mb="lg" data-testid="page-title">
            {title}
            {tag ? (
              <Badge variant="default" outline ml="default">
                {tag}
              </Badge>
            ) : null}
          </Heading>
        </Box>
        {!omitActions && (
          <Box mt="xl" mb={action.showInDrawer ? 'xl' : 'default'} flexShrink={0}>
            <ButtonGroup buttons={actionButtons} />
          </Box>
        )}
      </Box>
      {action.name === 'list' && !action.showInDrawer ? <ListToolbar action={action} /> : null}
    </Box>
  );
};

/** How many of the drawer's filters an address sets. */
export function drawerFilters(search: string): number {
  const keys = [...new URLSearchParams(search).keys()].filter((k) => k.startsWith('filters.') && k !== `filters.${SEARCH_FILTER}`);
  return new Set(keys.map((k) => k.slice('filters.'.length).split('~~')[0])).size;
}

export default ActionHeader;
