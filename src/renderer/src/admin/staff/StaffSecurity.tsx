// A person's second factors on the admin screen: PIN status, reset and unlock,
// authenticator app status and removal, one-time enrolment codes for self-service phone
// registration, shown once with a printable slip, and this kiosk's self-registration lock.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnrolmentCodeView, StaffSecurityView } from '../../../../shared/security';
import type { Language } from '../../../../shared/domain';
import { kiosk } from '../../api';
import { i18n } from '../../i18n';
import { useKiosk } from '../../store';
import { ConfirmButton, FormMessage, formatTime, useAdminCall } from '../sections/common';
import { securityMessages } from '../locales/security';
import './staff-security.css';

// The strings join the admin namespace without overwriting the shell's (registered once).
let registered = false;
function registerMessages() {
  if (registered) return;
  registered = true;
  for (const lng of Object.keys(securityMessages) as Language[]) {
    i18n.addResourceBundle(lng, 'admin', securityMessages[lng], true, false);
  }
}

export function StaffSecurity({ personId }: { personId: number }) {
  // A fresh panel per person, so a code shown for one is never left on screen for another.
  return <SecurityPanel key={personId} personId={personId} />;
}

function SecurityPanel({ personId }: { personId: number }) {
  registerMessages();
  const { t, i18n: current } = useTranslation('admin');
  const call = useAdminCall();
  const site = useKiosk((s) => s.info?.siteName ?? '');
  const [view, setView] = useState<StaffSecurityView | null>(null);
  const [issued, setIssued] = useState<EnrolmentCodeView | null>(null);
  const [message, setMessage] = useState<{ text: string; kind: 'ok' | 'error' } | null>(null);
  const onError = useCallback((words: string) => setMessage({ text: words, kind: 'error' }), []);
  const lang = current.language;

  const load = useCallback(async () => {
    const value = await call(kiosk.admin.staffSecurity({ id: personId }), onError);
    if (value) setView(value);
  }, [call, onError, personId]);

  useEffect(() => {
    void call(kiosk.admin.staffSecurity({ id: personId }), onError).then((value) => {
      if (value) setView(value);
    });
  }, [call, onError, personId]);

  if (!view) {
    return (
      <section className="admin-panel staff-security" aria-labelledby="security-heading">
        <h2 id="security-heading">{t('security.heading')}</h2>
        <FormMessage id="security-message" text={message?.text ?? t('security.loading')} />
      </section>
    );
  }

  const issue = async () => {
    setMessage(null);
    const code = await call(kiosk.admin.enrolmentIssue({ id: personId }), onError);
    if (code) {
      setIssued(code);
      void load();
    }
  };
  const removeApp = async () => {
    setMessage(null);
    const next = await call(kiosk.admin.staffResetTotp({ id: personId }), onError);
    if (next) {
      setView(next);
      setMessage({ text: t('security.appRemoved'), kind: 'ok' });
    }
  };
  // The PIN's own unlock: sign-in by code has its button in the person's actions.
  const unlockPin = async () => {
    setMessage(null);
    const next = await call(kiosk.admin.staffUnlockPin({ id: personId }), onError);
    if (next) {
      setView(next);
      setMessage({ text: t('security.pinUnlocked'), kind: 'ok' });
    }
  };
  const clearKioskLock = async () => {
    setMessage(null);
    if ((await call(kiosk.admin.enrolmentClearKioskLock({}), onError)) !== null) {
      setMessage({ text: t('security.kioskLockCleared'), kind: 'ok' });
      void load();
    }
  };
  const doResetPin = async () => {
    setMessage(null);
    if ((await call(kiosk.admin.staffResetPin({ id: personId }), onError)) !== null) {
      setMessage({ text: t('security.pinReset'), kind: 'ok' });
      void load();
    }
  };

  const pinText = !view.pin
    ? t('security.pinUnavailable')
    : view.pin.locked
      ? // No lockedUntil while locked: the manager-only rung, which has no date to show.
        view.pin.lockedUntil === null
        ? t('security.pinLockedManager')
        : t('security.pinLockedUntil', { date: formatTime(view.pin.lockedUntil, lang) })
      : view.pin.set
        ? t('security.pinSet')
        : t('security.pinNotSet');
  const appText = view.totp.locked
    ? t('security.appLocked')
    : view.totp.enrolled
      ? t('security.appSince', { date: formatTime(view.totp.enrolledAt, lang) })
      : t('security.appNone');

  return (
    <section
      className="admin-panel staff-security"
      aria-labelledby="security-heading"
      data-testid="staff-security"
    >
      <h2 id="security-heading">{t('security.heading')}</h2>
      <dl>
        <dt>{t('security.pin')}</dt>
        <dd data-testid="security-pin">
          {pinText}
          <br />
          <span className="hint">
            {view.pinRequired ? t('security.pinRequired') : t('security.pinNotRequired')}
          </span>
        </dd>
        <dt>{t('security.app')}</dt>
        <dd data-testid="security-app">{appText}</dd>
        <dt>{t('security.enrolment')}</dt>
        <dd data-testid="security-enrolment">
          {view.enrolmentCodeUntil
            ? t('security.enrolmentUntil', { date: formatTime(view.enrolmentCodeUntil, lang) })
            : t('security.enrolmentNone')}
        </dd>
        <dt>{t('security.kioskEnrolment')}</dt>
        <dd data-testid="security-kiosk-enrolment">
          {view.kioskEnrolmentLock
            ? t('security.kioskEnrolmentLocked', {
                date: formatTime(view.kioskEnrolmentLock.lockedUntil, lang),
                count: view.kioskEnrolmentLock.wrongCodes,
              })
            : t('security.kioskEnrolmentOpen')}
        </dd>
      </dl>
      <FormMessage id="security-message" text={message?.text ?? null} kind={message?.kind} />
      {issued ? (
        <div>
          <p className="lead strong" role="status">
            {t('security.codeOnce')}
          </p>
          <div className="enrolment-slip" data-testid="enrolment-slip">
            <h3>
              {t('security.slipTitle')}
              {site ? ` – ${site}` : ''}
            </h3>
            <p>
              {t('security.slipFor', { name: issued.displayName, employeeId: issued.employeeId })}
            </p>
            <p className="hint">{t('security.slipCode')}</p>
            <p className="enrolment-code" data-testid="enrolment-code">
              {issued.code}
            </p>
            <p>{t('security.slipExpires', { date: formatTime(issued.expiresAt, lang) })}</p>
            <p>{t('security.slipSteps')}</p>
            <p className="hint">{t('security.slipKeep')}</p>
          </div>
          <div className="actions">
            <button
              type="button"
              className="primary-button"
              data-testid="enrolment-print"
              onClick={() => window.print()}
            >
              {t('security.print')}
            </button>
            <button type="button" className="secondary-button" onClick={() => setIssued(null)}>
              {t('security.hideCode')}
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          {view.enrolmentCodeUntil ? (
            <ConfirmButton
              id="enrolment-issue"
              label={t('security.issueAgain')}
              question={t('security.issueQuestion')}
              yes={t('security.yes')}
              no={t('security.no')}
              onConfirm={() => void issue()}
            />
          ) : (
            <button
              type="button"
              className="primary-button"
              data-testid="enrolment-issue"
              onClick={() => void issue()}
            >
              {t('security.issue')}
            </button>
          )}
          {view.totp.enrolled ? (
            <ConfirmButton
              id="security-remove-app"
              label={t('security.removeApp')}
              question={t('security.removeAppQuestion')}
              yes={t('security.yes')}
              no={t('security.no')}
              onConfirm={() => void removeApp()}
            />
          ) : null}
          {view.pin?.locked ? (
            <button
              type="button"
              className="primary-button"
              data-testid="security-unlock-pin"
              onClick={() => void unlockPin()}
            >
              {t('security.unlockPin')}
            </button>
          ) : null}
          {view.kioskEnrolmentLock ? (
            <button
              type="button"
              className="secondary-button"
              data-testid="security-clear-kiosk-lock"
              onClick={() => void clearKioskLock()}
            >
              {t('security.clearKioskLock')}
            </button>
          ) : null}
          {view.pin?.set ? (
            <ConfirmButton
              id="security-reset-pin"
              label={t('security.resetPin')}
              question={t('security.resetPinQuestion')}
              yes={t('security.yes')}
              no={t('security.no')}
              onConfirm={() => void doResetPin()}
            />
          ) : null}
        </div>
      )}
    </section>
  );
}
