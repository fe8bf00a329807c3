import React from 'react';
import { Box, Button, H3, Illustration, Text } from '@adminjs/design-system';
import { useTranslation, ViewHelpers } from 'adminjs';
import { useNavigate } from 'react-router';

/**
 * What the panel's pages say instead of AdminJS's 404s (imported by the route overrides, src/admin/components.ts):
 * a refusal names who may go there (the sentences src/admin/refusals.ts puts in the locale), a missing record says
 * «Запись не найдена»; each with a way back.
 */
const h = new ViewHelpers();

interface Way {
  href: string;
  label: string;
}

export const RouteMessage: React.FC<{ message: string; way: Way; testId: string }> = ({ message, way, testId }) => {
  const navigate = useNavigate();
  return (
    <Box variant="white" mx="auto" my="xxl" p="xxl" style={{ maxWidth: 640, textAlign: 'center' }} data-testid={testId}>
      <Box mb="lg">
        <Illustration variant="NotFound" width={120} height={120} />
      </Box>
      <H3 mb="xl" data-testid="route-message-text">
        {message}
      </H3>
      <Button
        as="a"
        href={way.href}
        variant="outlined"
        onClick={(e: React.MouseEvent) => {
          e.preventDefault();
          navigate(way.href);
        }}
      >
        {way.label}
      </Button>
    </Box>
  );
};

/** «Раздел «Клиенты» доступен менеджерам и администраторам», with a way to the dashboard. */
export const Refusal: React.FC<{ resourceId: string; actionName: string }> = ({ resourceId, actionName }) => {
  const { translateMessage: tm } = useTranslation();
  const message = tm(`refused.${actionName}`, resourceId, { defaultValue: tm('forbiddenError') });
  return <RouteMessage message={message} way={{ href: h.dashboardUrl(), label: tm('refusal.toDashboard') }} testId="refusal" />;
};

/** «Запись не найдена», with a way to the section's list when the user may open it (else to the dashboard). */
export const RecordNotFound: React.FC<{ resourceId: string; mayList: boolean; message?: string }> = ({ resourceId, mayList, message }) => {
  const { translateMessage: tm, translateLabel: tl } = useTranslation();
  const way = mayList
    ? { href: h.resourceUrl({ resourceId }), label: tm('refusal.toList', resourceId, { section: tl(resourceId, resourceId), interpolation: { escapeValue: false } }) }
    : { href: h.dashboardUrl(), label: tm('refusal.toDashboard') };
  return <RouteMessage message={message ?? tm('notFound')} way={way} testId="record-not-found" />;
};

/** An action the record is not in the state for (a finished campaign's «Запустить»), with a way to its card. */
export const NotForThisRecord: React.FC<{ resourceId: string; recordId: string }> = ({ resourceId, recordId }) => {
  const { translateMessage: tm, translateAction: ta } = useTranslation();
  return (
    <RouteMessage
      message={tm('error404Action', resourceId)}
      way={{ href: h.recordActionUrl({ resourceId, recordId, actionName: 'show' }), label: ta('show', resourceId) }}
      testId="not-for-this-record"
    />
  );
};
