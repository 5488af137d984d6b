import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '../../components/LanguagePicker';
import { useKiosk } from '../../store';
import { AuthenticatorCodeField } from './AuthenticatorCodeField';
import { securityErrorText } from './error-text';
import './security.css';

/**
 * While the modem cannot send and the policy allows it: employee ID + the code from the
 * worker's authenticator app instead of a texted code. An unknown ID answers like a wrong code.
 */
export function AppSignIn() {
  const { t } = useTranslation();
  const busy = useKiosk((s) => s.securityBusy);
  const error = useKiosk((s) => s.securityError);
  const [employeeId, setEmployeeId] = useState('');
  const [code, setCode] = useState('');
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    void useKiosk
      .getState()
      .appSignIn(employeeId.trim(), code)
      .then(() => setCode(''));
  };
  const errorText =
    error?.code === 'wrong_code' ? t('appSignIn.wrong') : securityErrorText(t, error);
  return (
    <section className="screen" aria-labelledby="app-heading" data-testid="app-sign-in">
      <LanguagePicker />
      <h1 id="app-heading">{t('appSignIn.heading')}</h1>
      <p className="notice" role="status">
        {t('appSignIn.intro')}
      </p>
      <form className="security-form" onSubmit={onSubmit} noValidate>
        <label className="field-label" htmlFor="app-employee">
          {t('appSignIn.employeeId')}
        </label>
        <input
          id="app-employee"
          data-testid="app-employee"
          className="security-input"
          autoComplete="off"
          spellCheck={false}
          value={employeeId}
          aria-describedby="app-error"
          onChange={(e) => setEmployeeId(e.target.value)}
        />
        <AuthenticatorCodeField
          id="app-code"
          label={t('appSignIn.code')}
          value={code}
          onChange={setCode}
          invalid={Boolean(error)}
          errorId="app-error"
          errorText={errorText}
        />
        <div className="security-actions">
          <button
            type="submit"
            className="primary-button"
            data-testid="app-submit"
            aria-disabled={busy || undefined}
          >
            {busy ? t('appSignIn.checking') : t('appSignIn.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
