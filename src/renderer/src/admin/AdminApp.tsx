// The admin screen and first-run setup, loaded as a chunk of its own when a manager opens it
// (App.tsx): the wizard while the kiosk has no manager, else sign-in, then the sections.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminSignOutReason, AdminView } from '../../../shared/admin';
import { kiosk } from '../api';
import { LanguagePicker } from '../components/LanguagePicker';
import { useKiosk } from '../store';
import { onAdminSessionLost } from './admin-call';
import { AdminHome } from './AdminHome';
import { registerAdminMessages } from './i18n';
import { SetupWizard } from './SetupWizard';
import { AdminSignIn } from './SignIn';
import { useAdminActivity } from './use-admin-activity';
import './admin.css';

registerAdminMessages();

type Mode =
  | { kind: 'loading' }
  | { kind: 'setup' }
  | { kind: 'signIn'; reason: AdminSignOutReason | 'ended' | null }
  | { kind: 'admin'; admin: AdminView };

export interface AdminAppProps {
  /** Back to the worker screens (the manager is signed out first). */
  onExit: () => void;
  /** The kiosk has no manager yet: the first-run wizard. */
  setupNeeded: boolean;
}

export default function AdminApp({ onExit, setupNeeded }: AdminAppProps) {
  const { t } = useTranslation('admin');
  const site = useKiosk((s) => s.info?.siteName ?? '');
  const [mode, setMode] = useState<Mode>(setupNeeded ? { kind: 'setup' } : { kind: 'loading' });

  useEffect(() => {
    if (setupNeeded) return;
    let live = true;
    void kiosk.admin.current({}).then((result) => {
      if (!live) return;
      setMode(
        result.ok && result.value
          ? { kind: 'admin', admin: result.value }
          : { kind: 'signIn', reason: null },
      );
    });
    return () => {
      live = false;
    };
    // Only on arrival: later changes come from sign-in, sign-out and main's events.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const lost = useCallback((reason: AdminSignOutReason | 'ended') => {
    setMode((m) => (m.kind === 'admin' ? { kind: 'signIn', reason } : m));
  }, []);
  useEffect(() => onAdminSessionLost(() => lost('ended')), [lost]);
  useEffect(() => kiosk.on('admin.signedOut', ({ reason }) => lost(reason)), [lost]);
  useAdminActivity(mode.kind === 'admin', () => lost('ended'));

  useEffect(() => {
    const title = t('shell.title');
    document.title = site ? `${title} – ${site}` : title;
  }, [t, site]);

  const signOut = async () => {
    await kiosk.admin.signOut({});
    setMode({ kind: 'signIn', reason: 'user' });
  };
  const exit = async () => {
    await kiosk.admin.signOut({});
    onExit();
  };

  return (
    <div className="admin" data-testid="admin-app">
      <header className="admin-header">
        <span className="admin-title">
          {mode.kind === 'setup' ? t('setup.title') : t('shell.title')}
          {site ? <span className="admin-site"> – {site}</span> : null}
        </span>
        {mode.kind !== 'setup' ? (
          <button
            type="button"
            className="admin-exit"
            data-testid="admin-exit"
            onClick={() => void exit()}
          >
            {t('shell.exit')}
          </button>
        ) : null}
      </header>
      {mode.kind === 'admin' ? (
        <AdminHome admin={mode.admin} onSignOut={() => void signOut()} />
      ) : (
        <main className="admin-main">
          <LanguagePicker />
          {mode.kind === 'loading' ? (
            <p className="loading" role="status">
              {t('shell.loading')}
            </p>
          ) : null}
          {mode.kind === 'setup' ? (
            <SetupWizard
              onDone={(admin) => {
                void useKiosk.getState().loadInfo();
                setMode({ kind: 'admin', admin });
              }}
            />
          ) : null}
          {mode.kind === 'signIn' ? (
            <AdminSignIn
              notice={mode.reason ? t(`signIn.ended_${mode.reason}`) : null}
              onSignedIn={(admin) => setMode({ kind: 'admin', admin })}
            />
          ) : null}
        </main>
      )}
    </div>
  );
}
