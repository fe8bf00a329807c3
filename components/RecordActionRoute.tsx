import React, { useCallback, useEffect, useState } from 'react';
import { Box, DrawerContent, DrawerFooter, Loader, themeGet } from '@adminjs/design-system';
import { styled } from '@adminjs/design-system/styled-components';
import {
  ActionHeader,
  actionHasDisabledComponent,
  type ActionResponse,
  ApiClient,
  BaseActionComponent,
  type RecordJSON,
  useNotice,
  useResource,
} from 'adminjs';
import { useParams } from 'react-router';
import { NotForThisRecord, RecordNotFound, Refusal } from './route-messages';

const api = new ApiClient();

/**
 * What AdminJS does with a record action's answer (its mergeRecordResponse, which its bundle does not export: the
 * AdminJS global has no such member, and calling it threw): the answer's record over the shown one, its errors
 * fresh, params and populated references merged.
 */
const mergeRecordResponse = (record: RecordJSON, response: { record: RecordJSON }): RecordJSON => ({
  ...(response.record || record),
  errors: response.record.errors,
  populated: { ...record.populated, ...response.record.populated },
  params: { ...record.params, ...response.record.params },
});

/** AdminJS's route wrapper (not exported): the forms' DrawerContent and DrawerFooter on the container's background. */
const Wrapper = styled(Box)`
  & ${DrawerContent} {
    background: ${themeGet('colors', 'container')};
    padding: ${themeGet('space', 'xxl')};
    overflow: visible;
  }
  & ${DrawerFooter} {
    background: ${themeGet('colors', 'container')};
    padding: 0 ${themeGet('space', 'xxl')} ${themeGet('space', 'xxl')};
  }
`;

type Answer = { key: string; record?: RecordJSON; refused?: boolean; notFound?: string };

/**
 * A record's page (AdminJS's RecordActionRoute), which AdminJS answers with a 404 whatever went wrong. Here the
 * server's answer decides: a refused action says who may open it, a missing record (or an id that cannot be one)
 * says «Запись не найдена» with a way to the list, an action the record is not in the state for says so with a way
 * to its card. An action with `custom.opensInAnyState` opens its own page in any state (the convert form of a
 * converted lead says where its customer is). Actions shown in a drawer or without a page keep AdminJS's route.
 */
const RecordActionRoute: React.FC<{ OriginalComponent: React.ComponentType }> = ({ OriginalComponent, ...props }) => {
  const { actionName = '', recordId = '', resourceId = '' } = useParams();
  const resource = useResource(resourceId);
  const addNotice = useNotice();
  const key = `${resourceId}/${recordId}/${actionName}`;
  const [answer, setAnswer] = useState<Answer | null>(null);
  const fromResource = resource?.actions.find((a) => a.name === actionName);
  const ours = !!resource && !!fromResource && !fromResource.showInDrawer && !actionHasDisabledComponent(fromResource);

  const fetchRecord = useCallback(() => {
    api
      .recordAction({ resourceId, recordId, actionName })
      .then((response) => {
        const data = response.data as ActionResponse & { record?: RecordJSON };
        const error = data.record?.baseError;
        if (error?.type === 'ForbiddenError') setAnswer({ key, refused: true });
        else if (error?.type === 'NotFoundError') setAnswer({ key, notFound: error.message });
        else {
          if (data.notice?.type === 'error') addNotice(data.notice);
          setAnswer(error ? { key, notFound: error.message } : { key, record: data.record });
        }
      })
      .catch(() => {
        addNotice({ message: 'errorFetchingRecord', type: 'error', resourceId });
        setAnswer({ key });
      });
  }, [key]);

  useEffect(() => {
    if (ours) fetchRecord();
  }, [key, ours]);

  const actionPerformed = useCallback(
    (response: ActionResponse) => {
      if (response.record && answer?.record) setAnswer({ key, record: mergeRecordResponse(answer.record, { record: response.record as RecordJSON }) });
      else fetchRecord();
    },
    [answer, key],
  );

  if (!ours) return <OriginalComponent {...props} />;
  if (!answer || answer.key !== key) return <Loader />;
  if (answer.refused) return <Refusal resourceId={resourceId} actionName={actionName} />;
  const mayList = resource!.resourceActions.some((a) => a.name === 'list');
  const record = answer.record;
  if (!record) return <RecordNotFound resourceId={resourceId} mayList={mayList} message={answer.notFound} />;
  const action = record.recordActions.find((a) => a.name === actionName) ?? (fromResource!.custom?.opensInAnyState ? fromResource : undefined);
  if (!action) return <NotForThisRecord resourceId={resourceId} recordId={recordId} />;
  return (
    <Wrapper variant="transparent" mx="auto" width={action.containerWidth} data-css={`${resource!.id}-${action.actionType}-${action.name}-route-wrapper`}>
      <ActionHeader resource={resource!} action={action} record={record} actionPerformed={actionPerformed} />
      <BaseActionComponent action={action} resource={resource!} record={record} />
    </Wrapper>
  );
};

export default RecordActionRoute;
