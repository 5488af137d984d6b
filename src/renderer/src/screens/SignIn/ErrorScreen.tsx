import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '../../components/LanguagePicker';
import { useFocusOnMount } from '../../hooks/use-focus-on-mount';
import { useNow } from '../../hooks/use-now';
import { formatClockTime, formatDurationWords, secondsLeft } from '../../lib/countdown';
import { canResendFrom, reopensAt } from '../../lib/errors';
import { useKiosk } from '../../store';
import type { FullScreen } from '../../store/signin-slice';

/** An error screen left alone goes back to the start, ready for the next person. */
const BACK_TO_START_MS = 60_000;

export function ErrorScreen({ screen }: { screen: FullScreen }) {
  const { t } = useTranslation();
  const heading = useFocusOnMount<HTMLHeadingElement>(screen.code);
  const hasChallenge = useKiosk((s) => s.challenge !== null);
  const resending = useKiosk((s) => s.pending === 'resend');
  const { restart, resendCode } = useKiosk.getState();

  useEffect(() => {
    const timer = setTimeout(restart, BACK_TO_START_MS);
    return () => clearTimeout(timer);
  }, [screen, restart]);

  const { code, error } = screen;
  const offerResend = canResendFrom(code) && hasChallenge;
  const isLock = code === 'locked';
  const until = error ? reopensAt(error) : null;

  return (
    <section
      className="screen screen-error"
      data-testid={`screen-${code}`}
      aria-labelledby="error-heading"
      aria-describedby="error-body"
    >
      <div className="error-icon" aria-hidden="true">
        !
      </div>
      <h1 id="error-heading" ref={heading} tabIndex={-1}>
        {t(`errors.screen.${code}.title`)}
      </h1>
      <p id="error-body" className="lead">
        {t(`errors.screen.${code}.body`)}
      </p>
      {until !== null ? <ReopensAt at={until} /> : null}
      {isLock && until === null ? (
        <p className="lead strong" data-testid="ask-manager">
          {t('errors.askManager')}
        </p>
      ) : null}
      <div className="actions">
        {offerResend ? (
          <button
            type="button"
            className="primary-button"
            data-testid="error-resend"
            aria-disabled={resending || undefined}
            onClick={() => void resendCode()}
          >
            {t('errors.resend')}
          </button>
        ) : null}
        <button
          type="button"
          className={offerResend ? 'secondary-button' : 'primary-button'}
          data-testid="start-again"
          onClick={restart}
        >
          {t('errors.startAgain')}
        </button>
      </div>
    </section>
  );
}

function ReopensAt({ at }: { at: number }) {
  const { t, i18n } = useTranslation();
  // Once a minute is enough for "that is in 14 minutes"; the clock time itself does not move.
  const now = useNow(30_000);
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString();
  const time = formatClockTime(at, now, i18n.language);
  const left = secondsLeft(at, now);
  return (
    <p className="lead strong" data-testid="reopens-at">
      {t(sameDay ? 'errors.opensAt' : 'errors.opensOn', { time })}{' '}
      {left > 0 && left < 24 * 3600 ? (
        <span>
          {t('errors.opensIn', { time: formatDurationWords(roundUpMinutes(left), i18n.language) })}
        </span>
      ) : null}
    </p>
  );
}

/** "in 14 minutes" rather than "in 837 seconds". */
function roundUpMinutes(seconds: number): number {
  return seconds < 60 ? seconds : Math.ceil(seconds / 60) * 60;
}

/** Shown instead of the number screen while the modem cannot send. */
export function SmsUnavailableScreen() {
  const { t } = useTranslation();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const loadInfo = useKiosk((s) => s.loadInfo);
  return (
    <section
      className="screen screen-error"
      data-testid="screen-sms_unavailable"
      aria-labelledby="error-heading"
      aria-describedby="error-body"
    >
      <LanguagePicker />
      <div className="error-icon" aria-hidden="true">
        !
      </div>
      <h1 id="error-heading" ref={heading} tabIndex={-1}>
        {t('errors.screen.sms_unavailable.title')}
      </h1>
      <p id="error-body" className="lead">
        {t('errors.screen.sms_unavailable.body')}
      </p>
      <p className="hint">{t('errors.waitingForModem')}</p>
      <div className="actions">
        <button
          type="button"
          className="primary-button"
          data-testid="modem-retry"
          onClick={() => void loadInfo()}
        >
          {t('errors.tryAgain')}
        </button>
      </div>
    </section>
  );
}
