import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '../store';
import { Countdown } from './Countdown';

/**
 * The idle warning as a modal dialog: the rest of the screen goes inert, focus lands on
 * "I'm still here", and Escape counts as being here.
 */
export function IdleWarning() {
  const { t } = useTranslation();
  const until = useKiosk((s) => s.idleWarningUntil);
  const { stillHere, signOut } = useKiosk.getState();
  const dialog = useRef<HTMLDialogElement>(null);
  const stay = useRef<HTMLButtonElement>(null);
  const focusedBefore = useRef<Element | null>(null);
  const open = until !== null;

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) {
      focusedBefore.current = document.activeElement;
      el.showModal();
      stay.current?.focus();
    } else if (!open && el.open) {
      el.close();
      // Back to where the worker was, not to the top of the page. After the browser has
      // finished closing: Chromium moves the focus to <body> itself once the modal is gone.
      const before = focusedBefore.current;
      setTimeout(() => {
        if (before instanceof HTMLElement && before.isConnected) before.focus();
      }, 0);
    }
  }, [open]);

  return (
    <dialog
      ref={dialog}
      className="idle-warning"
      data-testid="idle-warning"
      role="alertdialog"
      aria-labelledby="idle-title"
      aria-describedby="idle-body"
      onCancel={(e) => {
        e.preventDefault();
        void stillHere();
      }}
    >
      {/* The buttons stay mounted when it closes, so the dialog can hand focus back. */}
      <h2 id="idle-title">{t('idle.title')}</h2>
      <div id="idle-body">
        {open ? (
          <Countdown
            until={until}
            label={t('idle.body')}
            announce={(time) => t('idle.announce', { time })}
            testId="idle-countdown"
            className="idle-countdown"
          />
        ) : null}
      </div>
      <div className="actions">
        <button
          ref={stay}
          type="button"
          className="primary-button"
          data-testid="idle-stay"
          onClick={() => void stillHere()}
        >
          {t('idle.stay')}
        </button>
        <button
          type="button"
          className="secondary-button"
          data-testid="idle-sign-out"
          onClick={() => void signOut()}
        >
          {t('idle.signOut')}
        </button>
      </div>
    </dialog>
  );
}
