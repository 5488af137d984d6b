import { lazy, Suspense, useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { IdleWarning } from './components/IdleWarning';
import { useActivityReporting } from './hooks/use-activity';
import { Home } from './screens/Home/Home';
import { Enrol } from './screens/Enrol/Enrol';
import { AppSignIn } from './screens/Security/AppSignIn';
import { MySecurity } from './screens/Security/MySecurity';
import { CodeEntry } from './screens/SignIn/CodeEntry';
import { FactorEntry } from './screens/Factor/FactorEntry';
import { ErrorScreen, SmsUnavailableScreen } from './screens/SignIn/ErrorScreen';
import { PhoneEntry } from './screens/SignIn/PhoneEntry';
import { TextSignIn } from './screens/TextSignIn/TextSignIn';
import { connectKiosk, useKiosk } from './store';
// The admin screen and first-run setup are a chunk of their own (loaded by AdminScreen), so the
// worker screens stay small.
import { AdminScreen, useAdminEntry, useSetupNeeded, type AdminEntry } from './admin/entry';

// Only the browser demo shows it, so the packaged kiosk never loads its code.
const VirtualPhone = lazy(() =>
  import('./components/VirtualPhone').then((m) => ({ default: m.VirtualPhone })),
);

export function App() {
  useEffect(() => connectKiosk(), []);
  useActivityReporting();
  const demo = useKiosk((s) => s.info?.demo ?? false);
  const entry = useAdminEntry();
  const setup = useSetupNeeded();
  const { closeAdmin } = entry;
  const { recheck } = setup;
  const exitAdmin = useCallback(() => {
    closeAdmin();
    recheck();
    // The kiosk starts afresh at the number, and setup or a manager may have renamed the site.
    useKiosk.getState().restart();
    void useKiosk.getState().loadInfo();
  }, [closeAdmin, recheck]);
  // Once the setup status is known, so the admin screen starts in the right place.
  const adminShown = setup.needed !== null && (entry.open || setup.needed);
  const { t } = useTranslation();
  return (
    <div className={demo ? 'app app-demo' : 'app'}>
      {adminShown ? (
        // Nothing of a worker's session shows behind the admin screen.
        <AdminScreen
          onExit={exitAdmin}
          setupNeeded={setup.needed === true}
          fallback={
            <p className="loading" role="status">
              {t('app.loading')}
            </p>
          }
        />
      ) : (
        <div className="kiosk">
          <Header hold={entry.holdProps} />
          <main className="kiosk-main">
            <CurrentScreen />
          </main>
          <IdleWarning />
        </div>
      )}
      {demo ? (
        <Suspense fallback={null}>
          <VirtualPhone />
        </Suspense>
      ) : null}
    </div>
  );
}

function Header({ hold }: { hold: AdminEntry['holdProps'] }) {
  const { t } = useTranslation();
  const site = useKiosk((s) => s.info?.siteName ?? '');
  const demo = useKiosk((s) => s.info?.demo ?? false);
  const title = t('app.title');
  useEffect(() => {
    document.title = site ? `${title} – ${site}` : title;
  }, [title, site]);
  return (
    <header className="kiosk-header">
      {/* Holding the site name for 2 s opens the admin screen (also Ctrl+Alt+A). */}
      <span className="site-name" data-testid="site-name" {...hold}>
        {site}
      </span>
      {demo ? <span className="demo-badge">{t('app.demoBadge')}</span> : null}
    </header>
  );
}

/** Which screen shows, in order of precedence. */
function CurrentScreen() {
  const { t } = useTranslation();
  const loaded = useKiosk((s) => s.info !== null);
  const infoFailed = useKiosk((s) => s.infoError !== null);
  const signedIn = useKiosk((s) => s.session !== null);
  const screen = useKiosk((s) => s.screen);
  const step = useKiosk((s) => s.step);
  const securityScreen = useKiosk((s) => s.securityScreen);
  const appSignInAllowed = useKiosk((s) => s.appSignInAllowed);
  const modemDown = useKiosk((s) => s.modem !== null && s.modem.state !== 'ready');
  const textOpen = useKiosk((s) => s.textOpen);

  if (signedIn) {
    return securityScreen === 'mine' || securityScreen === 'totp' ? <MySecurity /> : <Home />;
  }
  if (!loaded) {
    return infoFailed ? (
      <ErrorScreen screen={{ code: 'internal' }} />
    ) : (
      <p className="loading" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (screen) return <ErrorScreen screen={screen} />;
  if (securityScreen === 'enrol') return <Enrol />;
  if (textOpen) return <TextSignIn />;
  // The PIN after the code; the modem is not needed any more.
  if (step === 'factor') return <FactorEntry />;
  // A code already sent may still arrive, so a modem going down does not hide the code screen.
  if (step === 'code') return <CodeEntry />;
  if (modemDown) return appSignInAllowed ? <AppSignIn /> : <SmsUnavailableScreen />;
  return <PhoneEntry />;
}
