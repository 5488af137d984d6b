// The modem and SIM the kiosk knows on this port. A different SIM or modem is shown as an alarm
// with a confirm button: until a manager confirms, texts to the kiosk are no sign-in.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kiosk } from '../../api';
import type { ModemIdentityView } from '../../../../shared/admin';
import { FormMessage, formatTime, useAdminCall } from './common';

/** The bound IMEI and ICCID, as rows of the status list. */
export function ModemIdentityRows({ identity }: { identity: ModemIdentityView | null }) {
  const { t } = useTranslation('admin');
  if (!identity) return null;
  // 15–20 digits without a break: let them wrap rather than run out of the panel.
  const digits = { overflowWrap: 'anywhere' } as const;
  return (
    <>
      <dt>{t('modem.identity.imei')}</dt>
      <dd data-testid="modem-imei" style={digits}>
        {identity.bound?.imei ?? '–'}
      </dd>
      <dt>{t('modem.identity.iccid')}</dt>
      <dd data-testid="modem-iccid" style={digits}>
        {identity.bound?.iccid ?? '–'}
      </dd>
    </>
  );
}

export function ModemIdentity({
  identity,
  onConfirmed,
}: {
  identity: ModemIdentityView | null;
  onConfirmed: () => void;
}) {
  const { t, i18n } = useTranslation('admin');
  const call = useAdminCall();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!identity) return null;
  const { alarm } = identity;
  const confirm = async () => {
    setBusy(true);
    const done = await call(kiosk.admin.modemConfirmIdentity({}), setError);
    setBusy(false);
    if (done) {
      setError(null);
      onConfirmed();
    }
  };
  const kind = alarm
    ? alarm.changes.includes('modem')
      ? alarm.changes.includes('sim')
        ? 'both'
        : 'modem'
      : 'sim'
    : null;
  return (
    <div data-testid="modem-identity">
      {alarm && kind ? (
        <div className="sec-problem" role="alert" data-testid="modem-identity-alarm">
          <p>{t(`modem.identity.changed.${kind}`)}</p>
          <p>{t('modem.identity.paused')}</p>
          <p>
            {t('modem.identity.seen', {
              iccid: alarm.seen.iccid ?? '–',
              imei: alarm.seen.imei ?? '–',
              time: formatTime(alarm.since, i18n.language),
            })}
          </p>
          <button
            type="button"
            className="secondary-button"
            data-testid="modem-identity-confirm"
            aria-disabled={busy || undefined}
            onClick={() => void (busy ? undefined : confirm())}
          >
            {t('modem.identity.confirm')}
          </button>
        </div>
      ) : null}
      <FormMessage id="modem-identity-error" text={error} />
    </div>
  );
}
