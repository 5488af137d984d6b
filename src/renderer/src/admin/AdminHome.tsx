// The signed-in admin screen: a nav of sections, the manager's name, sign out and a new
// recovery code. Groups, Policy, Modem and Logs are the sections' own components.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminView, RecoveryCodeView } from '../../../shared/admin';
import type { IpcError } from '../../../shared/ipc/contract';
import { kiosk } from '../api';
import { LanguagePicker } from '../components/LanguagePicker';
import { callAdmin } from './admin-call';
import { describeError } from './errors';
import { RecoveryCodeOnce } from './RecoveryCodeOnce';
import { GroupsSection } from './sections/GroupsSection';
import { LogsSection } from './sections/LogsSection';
import { ModemSection } from './sections/ModemSection';
import { PolicySection } from './sections/PolicySection';
import { StaffSection } from './staff/StaffSection';

export const SECTIONS = ['staff', 'groups', 'policy', 'modem', 'logs'] as const;
export type Section = (typeof SECTIONS)[number];

export function AdminHome({ admin, onSignOut }: { admin: AdminView; onSignOut: () => void }) {
  const { t } = useTranslation('admin');
  const [section, setSection] = useState<Section>('staff');
  const [recovery, setRecovery] = useState<RecoveryCodeView | null>(null);
  const [confirmNew, setConfirmNew] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);

  const newRecoveryCode = async () => {
    setConfirmNew(false);
    const result = await callAdmin(kiosk.admin.newRecoveryCode({}));
    if (result.ok) setRecovery(result.value);
    else setError(result.error);
  };

  return (
    <div className="admin-body">
      <nav className="admin-nav" aria-label={t('nav.label')}>
        <p className="admin-who" data-testid="admin-who">
          {t('nav.signedInAs', { name: admin.displayName })}
        </p>
        <ul>
          {SECTIONS.map((s) => (
            <li key={s}>
              <button
                type="button"
                className="admin-nav-button"
                data-testid={`nav-${s}`}
                aria-current={s === section ? 'page' : undefined}
                onClick={() => {
                  setRecovery(null);
                  setSection(s);
                }}
              >
                {t(`nav.${s}`)}
              </button>
            </li>
          ))}
        </ul>
        <div className="admin-nav-actions">
          {confirmNew ? (
            <div className="confirm" role="group" aria-labelledby="new-recovery-question">
              <p id="new-recovery-question">{t('recovery.newConfirm')}</p>
              <button
                type="button"
                className="secondary-button"
                data-testid="new-recovery-yes"
                onClick={() => void newRecoveryCode()}
              >
                {t('recovery.newYes')}
              </button>
              <button
                type="button"
                className="secondary-button"
                onClick={() => setConfirmNew(false)}
              >
                {t('common.cancel')}
              </button>
            </div>
          ) : (
            <button
              type="button"
              className="secondary-button"
              data-testid="new-recovery"
              onClick={() => setConfirmNew(true)}
            >
              {t('recovery.new')}
            </button>
          )}
          <p className="field-error" role="status" aria-live="polite">
            {error ? describeError(t, error) : ''}
          </p>
          <button
            type="button"
            className="secondary-button"
            data-testid="admin-sign-out"
            onClick={onSignOut}
          >
            {t('nav.signOut')}
          </button>
          <LanguagePicker />
        </div>
      </nav>
      <main className="admin-main" data-testid={`section-${section}`}>
        {recovery ? (
          <RecoveryCodeOnce
            code={recovery.recoveryCode}
            intro={t('recovery.newIntro')}
            onDone={() => setRecovery(null)}
          />
        ) : (
          <CurrentSection section={section} />
        )}
      </main>
    </div>
  );
}

function CurrentSection({ section }: { section: Section }) {
  switch (section) {
    case 'staff':
      return <StaffSection />;
    case 'groups':
      return <GroupsSection />;
    case 'policy':
      return <PolicySection />;
    case 'modem':
      return <ModemSection />;
    case 'logs':
      return <LogsSection />;
  }
}
