import React from 'react';
import { useResource } from 'adminjs';
import { useParams } from 'react-router';
import { Refusal } from './route-messages';

/** A section's list (AdminJS's ResourceRoute), or the sentence saying who may open it (instead of a 404). */
const ResourceRoute: React.FC<{ OriginalComponent: React.ComponentType }> = ({ OriginalComponent, ...props }) => {
  const { resourceId = '' } = useParams();
  const resource = useResource(resourceId);
  if (resource && !resource.resourceActions.some((a) => a.name === 'list')) return <Refusal resourceId={resourceId} actionName="list" />;
  return <OriginalComponent {...props} />;
};

export default ResourceRoute;
