import React, { useState } from 'react';
import { Modal } from '@adminjs/design-system';
import { ApiClient, type ActionProps, useNotice, useTranslation, ViewHelpers } from 'adminjs';
import { useNavigate } from 'react-router';

const api = new ApiClient();
const h = new ViewHelpers();

/**
 * A record action that changes something once confirmed (launch, finish, revoke). AdminJS calls an action without a
 * component by GET, which any site can trigger with the user's cookie; so the action has this page instead: the
 * same confirmation dialog (the action's `guard` text), and the action runs on a POST.
 */
const ConfirmAction: React.FC<ActionProps> = ({ action, record, resource }) => {
  const { translateButton: tb, translateLabel: tl, translateMessage: tm } = useTranslation();
  const addNotice = useNotice();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  // Back to the record (also when the page was opened directly, with no history to go back to).
  const back = () => navigate(h.recordActionUrl({ resourceId: resource.id, recordId: String(record!.id), actionName: 'show' }));

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const res = await api.recordAction({ resourceId: resource.id, recordId: String(record!.id), actionName: action.name, data: {} });
      const body = res.data as { notice?: { message: string; type: 'success' | 'error' }; redirectUrl?: string };
      if (body.notice) addNotice(body.notice);
      if (body.redirectUrl) return navigate(body.redirectUrl);
    } catch {
      addNotice({ message: tm('internalError'), type: 'error' });
    }
    setBusy(false);
    back();
  };

  return (
    <Modal
      label={tl('confirm', resource.id)}
      title={tm(action.guard || action.name, resource.id)}
      variant="danger"
      onClose={back}
      onOverlayClick={back}
      buttons={[
        { label: tb('cancel', resource.id), onClick: back },
        { label: tb('confirm', resource.id), variant: 'danger', disabled: busy, onClick: confirm },
      ]}
    />
  );
};

export default ConfirmAction;
