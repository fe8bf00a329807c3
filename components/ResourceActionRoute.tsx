import React from 'react';
import { useResource } from 'adminjs';
import { useParams } from 'react-router';
import { Refusal } from './route-messages';

/** A section's action page (AdminJS's ResourceActionRoute: «Создать», «Импорт»), or who may open it (instead of a 404). */
const ResourceActionRoute: React.FC<{ OriginalComponent: React.ComponentType }> = ({ OriginalComponent, ...props }) => {
  const { resourceId = '', actionName = '' } = useParams();
  const resource = useResource(resourceId);
  const known = resource?.actions.some((a) => a.name === actionName);
  if (resource && known && !resource.resourceActions.some((a) => a.name === actionName)) return <Refusal resourceId={resourceId} actionName={actionName} />;
  return <OriginalComponent {...props} />;
};

export default ResourceActionRoute;
