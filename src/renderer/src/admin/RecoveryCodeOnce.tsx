import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFocusOnMount } from '../hooks/use-focus-on-mount';

/**
 * A new recovery code, shown this once (main keeps only its hash). The manager must say it is
 * written down before going on.
 */
export function RecoveryCodeOnce({
  code,
  onDone,
  intro,
}: {
  code: string;
  onDone: () => void;
  /** What led here (setup, a recovery sign-in, a new code asked for). */
  intro?: string;
}) {
  const { t } = useTranslation('admin');
  const [written, setWritten] = useState(false);
  const [tried, setTried] = useState(false);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const checkId = useId();
  return (
    <section className="admin-panel recovery-once" aria-labelledby="recovery-once-heading">
      <h1 id="recovery-once-heading" ref={heading} tabIndex={-1}>
        {t('recovery.onceHeading')}
      </h1>
      {intro ? <p className="lead">{intro}</p> : null}
      <p className="lead strong">{t('recovery.onceWarning')}</p>
      <p className="recovery-code" data-testid="recovery-code" aria-label={t('recovery.codeLabel')}>
        {code}
      </p>
      <p className="hint">{t('recovery.onceUse')}</p>
      <label className="admin-check" htmlFor={checkId}>
        <input
          id={checkId}
          type="checkbox"
          data-testid="recovery-written"
          checked={written}
          onChange={(e) => setWritten(e.target.checked)}
        />
        <span>{t('recovery.written')}</span>
      </label>
      <p className="field-error" role="status" aria-live="polite">
        {tried && !written ? t('recovery.confirmFirst') : ''}
      </p>
      <div className="actions">
        <button
          type="button"
          className="primary-button"
          data-testid="recovery-continue"
          aria-disabled={!written || undefined}
          onClick={() => {
            setTried(true);
            if (written) onDone();
          }}
        >
          {t('recovery.continue')}
        </button>
      </div>
    </section>
  );
}
