// Text-to-sign-in: the code in very large digits and the kiosk's number; the worker texts the
// code from their registered phone, and main's 'signin.text' event moves the kiosk on.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Countdown } from '../../components/Countdown';
import { formatPhone } from '../../lib/phone-input';
import { useKiosk } from '../../store';
import './TextSignIn.css';

export function TextSignIn() {
  const { t } = useTranslation();
  const view = useKiosk((s) => s.textView);
  const pending = useKiosk((s) => s.textPending);
  const expired = useKiosk((s) => s.textExpired);
  const error = useKiosk((s) => s.textError);
  const { openTextSignIn, closeTextSignIn, textCodeExpired } = useKiosk.getState();
  const heading = useRef<HTMLHeadingElement>(null);

  // Screen readers start at the heading of each new state (code shown, expired, refused).
  const state = error ? 'error' : expired ? 'expired' : view ? 'code' : 'pending';
  useEffect(() => {
    heading.current?.focus();
  }, [state]);

  const back = (
    <button
      type="button"
      className="secondary-button"
      data-testid="text-back"
      onClick={closeTextSignIn}
    >
      {t('text.back')}
    </button>
  );

  if (error) {
    return (
      <section className="screen screen-text" aria-labelledby="text-heading">
        <h1 id="text-heading" ref={heading} tabIndex={-1}>
          {t('text.unavailableHeading')}
        </h1>
        <p className="lead" data-testid="text-error">
          {error.code === 'sms_unavailable' ? t('text.noNumber') : t('text.unavailable')}
        </p>
        {back}
      </section>
    );
  }

  if (!view || pending) {
    return (
      <section className="screen screen-text" aria-labelledby="text-heading" aria-busy="true">
        <h1 id="text-heading" ref={heading} tabIndex={-1}>
          {t('text.heading')}
        </h1>
        <p className="loading" role="status">
          {t('text.making')}
        </p>
        {back}
      </section>
    );
  }

  if (expired) {
    return (
      <section className="screen screen-text" aria-labelledby="text-heading">
        <h1 id="text-heading" ref={heading} tabIndex={-1} data-testid="text-expired">
          {t('text.expiredHeading')}
        </h1>
        <p className="lead">{t('text.expiredBody')}</p>
        <div className="text-actions">
          <button
            type="button"
            className="primary-button"
            data-testid="text-new-code"
            onClick={() => void openTextSignIn()}
          >
            {t('text.newCode')}
          </button>
          {back}
        </div>
      </section>
    );
  }

  const number = formatPhone(view.number, '');
  // Spaced in threes on screen and for screen readers (digit by digit); texted without spaces
  // or with them, main accepts both.
  const spaced = `${view.code.slice(0, 3)} ${view.code.slice(3)}`;
  return (
    <section className="screen screen-text" aria-labelledby="text-heading">
      <h1 id="text-heading" ref={heading} tabIndex={-1}>
        {t('text.heading')}
      </h1>
      <p className="lead strong" id="text-instructions">
        {t('text.instructions')}
      </p>
      <dl className="text-details">
        <dt>{t('text.codeLabel')}</dt>
        <dd
          className="text-code"
          data-testid="text-code"
          data-code={view.code}
          aria-label={view.code.split('').join(' ')}
        >
          {spaced}
        </dd>
        <dt>{t('text.numberLabel')}</dt>
        <dd className="text-number" data-testid="text-number">
          {number}
        </dd>
      </dl>
      <p className="text-waiting" role="status">
        {t('text.waiting')}
      </p>
      <Countdown
        key={view.expiresAt}
        until={view.expiresAt}
        label={t('text.expiresIn')}
        announce={(time) => t('text.expiresAnnounce', { time })}
        onEnd={textCodeExpired}
        testId="text-expiry"
        className="expiry"
      />
      {back}
    </section>
  );
}
