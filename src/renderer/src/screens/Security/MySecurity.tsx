import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFocusOnMount } from '../../hooks/use-focus-on-mount';
import { useKiosk } from '../../store';
import { QrCode } from './QrCode';
import { AuthenticatorCodeField } from './AuthenticatorCodeField';
import { securityErrorText } from './error-text';
import './security.css';

/** Home → "My security info": what the worker has set up, and the authenticator app set-up. */
export function MySecurity() {
  const screen = useKiosk((s) => s.securityScreen);
  // Signed out (idle, shift end) while here: the next person starts on their home screen.
  useEffect(
    () => () => {
      const state = useKiosk.getState();
      if (state.session === null) state.closeSecurity();
    },
    [],
  );
  return screen === 'totp' ? <TotpSetup /> : <SecurityOverview />;
}

function SecurityOverview() {
  const { t } = useTranslation();
  const mine = useKiosk((s) => s.mySecurity);
  const error = useKiosk((s) => s.securityError);
  const { startTotpSetup, closeSecurity } = useKiosk.getState();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="screen" aria-labelledby="security-heading">
      <h1 id="security-heading" ref={heading} tabIndex={-1}>
        {t('security.heading')}
      </h1>
      {mine ? (
        <p className="security-status" data-testid="totp-status">
          <span>{t('security.appStatus')}:</span>
          <strong>{mine.totpEnrolled ? t('security.appOn') : t('security.appOff')}</strong>
        </p>
      ) : (
        <p className="loading" role="status">
          {t('security.loading')}
        </p>
      )}
      <p className="field-error" role="status" aria-live="polite">
        {securityErrorText(t, error)}
      </p>
      {mine && !mine.totpEnrolmentAllowed ? (
        <p className="lead">{t('security.notAllowed')}</p>
      ) : null}
      {mine?.totpEnrolled ? (
        <p className="lead" data-testid="totp-replace-hint">
          {t('security.replaceAsk')}
        </p>
      ) : null}
      <div className="security-actions">
        {mine?.totpEnrolmentAllowed && !mine.totpEnrolled ? (
          <button
            type="button"
            className="primary-button"
            data-testid="totp-setup"
            onClick={() => void startTotpSetup()}
          >
            {t('security.setUp')}
          </button>
        ) : null}
        <button type="button" className="secondary-button" onClick={closeSecurity}>
          {t('security.back')}
        </button>
      </div>
    </section>
  );
}

function TotpSetup() {
  const { t } = useTranslation();
  const offer = useKiosk((s) => s.totpOffer);
  const done = useKiosk((s) => s.totpDone);
  const busy = useKiosk((s) => s.securityBusy);
  const error = useKiosk((s) => s.securityError);
  const { confirmTotp, openMySecurity, closeSecurity } = useKiosk.getState();
  const [code, setCode] = useState('');
  const heading = useFocusOnMount<HTMLHeadingElement>();

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    void confirmTotp(code.replace(/\D/g, '')).then(() => setCode(''));
  };
  const errorText =
    error?.code === 'wrong_code' ? t('security.wrongCode') : securityErrorText(t, error);

  return (
    <section className="screen" aria-labelledby="totp-heading">
      <h1 id="totp-heading" ref={heading} tabIndex={-1}>
        {t('security.totpHeading')}
      </h1>
      {done ? (
        <>
          <p className="notice" role="status" data-testid="totp-done">
            {t('security.done')}
          </p>
          <div className="security-actions">
            <button type="button" className="primary-button" onClick={closeSecurity}>
              {t('security.back')}
            </button>
          </div>
        </>
      ) : offer ? (
        <div className="totp-layout">
          <div>
            <p className="lead">{t('security.scan')}</p>
            <QrCode rows={offer.qr.rows} label={t('security.qrLabel')} />
          </div>
          <form className="security-form" onSubmit={onSubmit} noValidate>
            <p>{t('security.manual')}</p>
            <p className="totp-secret" data-testid="totp-secret">
              {offer.secretGroups}
            </p>
            <AuthenticatorCodeField
              id="totp-code"
              label={t('security.codeLabel')}
              value={code}
              onChange={setCode}
              invalid={Boolean(error)}
              errorId="totp-error"
              errorText={errorText}
            />
            <div className="security-actions">
              <button
                type="submit"
                className="primary-button"
                data-testid="totp-confirm"
                aria-disabled={busy || undefined}
              >
                {busy ? t('security.confirming') : t('security.confirm')}
              </button>
              <button
                type="button"
                className="secondary-button"
                onClick={() => void openMySecurity()}
              >
                {t('security.back')}
              </button>
            </div>
          </form>
        </div>
      ) : (
        <ProofStep />
      )}
    </section>
  );
}

/** Before the app's secret is shown: the PIN, or the code just texted to the worker's phone. */
function ProofStep() {
  const { t } = useTranslation();
  const kind = useKiosk((s) => s.mySecurity?.totpProof ?? 'pin');
  const sent = useKiosk((s) => s.totpProofSent);
  const busy = useKiosk((s) => s.securityBusy);
  const error = useKiosk((s) => s.securityError);
  const { proveForTotp, openMySecurity } = useKiosk.getState();
  const [value, setValue] = useState('');
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (busy || !value) return;
    void proveForTotp(value.replace(/\D/g, '')).then(() => setValue(''));
  };
  const errorText =
    error?.code === 'wrong_code' ? t('security.wrongCode') : securityErrorText(t, error);
  const label = kind === 'pin' ? t('security.proofPin') : t('security.proofCode');
  return (
    <form className="security-form" onSubmit={onSubmit} noValidate>
      <p className="lead" data-testid="totp-proof-intro">
        {kind === 'pin'
          ? t('security.proofPinIntro')
          : sent
            ? t('security.proofCodeSent', { phone: sent.maskedPhone })
            : t('security.loading')}
      </p>
      <label htmlFor="totp-proof">{label}</label>
      <input
        id="totp-proof"
        data-testid="totp-proof"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        aria-invalid={Boolean(error) || undefined}
        aria-describedby="totp-proof-error"
      />
      <p id="totp-proof-error" className="field-error" role="status" aria-live="polite">
        {errorText}
      </p>
      <div className="security-actions">
        <button
          type="submit"
          className="primary-button"
          data-testid="totp-proof-submit"
          aria-disabled={busy || !value || undefined}
        >
          {busy ? t('security.confirming') : t('security.proofContinue')}
        </button>
        <button type="button" className="secondary-button" onClick={() => void openMySecurity()}>
          {t('security.back')}
        </button>
      </div>
    </form>
  );
}
