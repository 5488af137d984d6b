import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { IdleWarning } from './components/IdleWarning';
import { useActivityReporting } from './hooks/use-activity';
import { Home } from './screens/Home/Home';
import { CodeEntry } from './screens/SignIn/CodeEntry';
import { ErrorScreen, SmsUnavailableScreen } from './screens/SignIn/ErrorScreen';
import { PhoneEntry } from './screens/SignIn/PhoneEntry';
import { connectKiosk, useKiosk } from './store';

// Only the browser demo shows it, so the packaged kiosk never loads its code.
const VirtualPhone = lazy(() =>
  import('./components/VirtualPhone').then((m) => ({ default: m.VirtualPhone })),
);

export function App() {
  useEffect(() => connectKiosk(), []);
  useActivityReporting();
  const demo = useKiosk((s) => s.info?.demo ?? false);
  return (
    <div className={demo ? 'app app-demo' : 'app'}>
      <div className="kiosk">
        <Header />
        <main className="kiosk-main">
          <CurrentScreen />
        </main>
        <IdleWarning />
      </div>
      {demo ? (
        <Suspense fallback={null}>
          <VirtualPhone />
        </Suspense>
      ) : null}
    </div>
  );
}

function Header() {
  const { t } = useTranslation();
  const site = useKiosk((s) => s.info?.siteName ?? '');
  const demo = useKiosk((s) => s.info?.demo ?? false);
  const title = t('app.title');
  useEffect(() => {
    document.title = site ? `${title} – ${site}` : title;
  }, [title, site]);
  return (
    <header className="kiosk-header">
      <span className="site-name">{site}</span>
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
  const modemDown = useKiosk((s) => s.modem !== null && s.modem.state !== 'ready');

  if (signedIn) return <Home />;
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
  // A code already sent may still arrive, so a modem going down does not hide the code screen.
  if (step === 'code') return <CodeEntry />;
  if (modemDown) return <SmsUnavailableScreen />;
  return <PhoneEntry />;
}
