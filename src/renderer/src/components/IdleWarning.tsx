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
  const open = until !== null;

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) {
      el.showModal();
      stay.current?.focus();
    } else if (!open && el.open) {
      el.close();
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
      {open ? (
        <>
          <h2 id="idle-title">{t('idle.title')}</h2>
          <div id="idle-body">
            <Countdown
              until={until}
              label={t('idle.body')}
              announce={(time) => t('idle.announce', { time })}
              testId="idle-countdown"
              className="idle-countdown"
            />
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
        </>
      ) : null}
    </dialog>
  );
}
