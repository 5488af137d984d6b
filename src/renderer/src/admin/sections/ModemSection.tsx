// The modem panel: live status (re-read every few seconds while the section is on screen, and
// at once with Refresh), the port choice, a test message, the outbox and today's count against
// the SIM's daily cap, and the SIM's credit when a balance check is set.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kiosk } from '../../api';
import type { BalanceView, ModemPanelView, ModemPortsView } from '../../../../shared/admin';
import { TextField } from '../fields';
import { ModemIdentity, ModemIdentityRows } from './ModemIdentity';
import { FormMessage, Section, formatTime, useAdminCall, useLoad, TableWrap } from './common';

/** The SIM credit line: the amount, the low-balance alarm, or why it is unknown. */
export function balanceText(
  balance: BalanceView,
  t: (key: string, values?: Record<string, string>) => string,
  language: string,
): string {
  if (balance.amount === null) {
    return t('modem.balanceUnknown', { reason: balance.problem ?? '–' });
  }
  const number = new Intl.NumberFormat(language);
  return t(balance.low ? 'modem.balanceLow' : 'modem.balance', {
    amount: number.format(balance.amount),
    lowBelow: number.format(balance.lowBelow),
  });
}

/** How often the panel re-reads the status while it is visible. */
const POLL_MS = 5_000;
/** A value for the port radio group meaning "find the modem by probing". */
const AUTOMATIC = '';

export function ModemSection() {
  const { t, i18n } = useTranslation('admin');
  const call = useAdminCall();
  const [panel, setPanel] = useState<ModemPanelView | null>(null);
  const [panelError, setPanelError] = useState<string | null>(null);
  const [refreshing, setRefreshing] = useState(false);

  const read = useCallback(
    async (refresh: boolean) => {
      const view = await call(kiosk.admin.modemPanel({ refresh, outboxLimit: 50 }), setPanelError);
      if (view) {
        setPanel(view);
        setPanelError(null);
      }
    },
    [call],
  );

  const poll = useCallback(() => read(false), [read]);
  useLoad(poll, POLL_MS);

  const refresh = async () => {
    setRefreshing(true);
    await read(true);
    setRefreshing(false);
  };

  const health = panel?.health ?? null;
  const bars = health?.signalBars ?? 0;
  return (
    <Section id="modem" title={t('modem.title')}>
      <div className="sec-panel" data-testid="modem-status">
        <h3>{t('modem.statusTitle')}</h3>
        {panel ? (
          <>
            <p data-testid="modem-state" className="field-label">
              {panel.status.state === 'ready'
                ? t('modem.ready')
                : panel.status.state === 'down'
                  ? t('modem.down', { reason: panel.status.reason })
                  : t('modem.none', { reason: panel.status.reason })}
            </p>
            <dl className="sec-status">
              <dt>{t('modem.port')}</dt>
              <dd data-testid="modem-port">{panel.port ?? '–'}</dd>
              <dt>{t('modem.model')}</dt>
              <dd>{panel.model ?? '–'}</dd>
              <dt>{t('modem.sim')}</dt>
              <dd data-testid="modem-sim">{health?.sim ?? '–'}</dd>
              <dt>{t('modem.registration')}</dt>
              <dd>{health?.registration ?? '–'}</dd>
              <dt>{t('modem.operator')}</dt>
              <dd data-testid="modem-operator">{health?.operator ?? '–'}</dd>
              <dt>{t('modem.signal')}</dt>
              <dd>
                <SignalBars bars={bars} label={t('modem.bars', { bars })} />
                {health?.signalDbm != null ? `${health.signalDbm} dBm` : ''}
              </dd>
              <dt>{t('modem.radio')}</dt>
              <dd data-testid="modem-radio">{health?.radio ?? '–'}</dd>
              <dt>{t('modem.smsc')}</dt>
              <dd>{health?.smsc ?? '–'}</dd>
              <dt>{t('modem.checked')}</dt>
              <dd>{formatTime(health?.checkedAt, i18n.language)}</dd>
              <ModemIdentityRows identity={panel.identity} />
            </dl>
            {health?.problem ? (
              <p className="sec-problem" data-testid="modem-problem">
                {health.problem}
              </p>
            ) : null}
            {health?.warning ? (
              <p className="sec-problem" data-testid="modem-warning">
                {t(`modem.warnings.${health.warning}`)}
              </p>
            ) : null}
            <ModemIdentity identity={panel.identity} onConfirmed={() => void read(false)} />
            <p data-testid="modem-today" className="field-label">
              {t('modem.today', {
                messages: panel.today.messages,
                parts: panel.today.parts,
                cap: panel.today.cap,
              })}
            </p>
            {panel.balance ? (
              <p
                data-testid="modem-balance"
                className={panel.balance.low ? 'sec-problem' : 'field-label'}
              >
                {balanceText(panel.balance, t, i18n.language)}
              </p>
            ) : null}
            {panel.alerts.length > 0 ? (
              <ul className="sec-problem" data-testid="modem-alerts">
                {panel.alerts.map((a) => (
                  <li key={`${a.at}-${a.cap}`}>
                    {t('modem.capAlert', {
                      time: formatTime(a.at, i18n.language),
                      cap: t(`modem.cap_${a.cap}`, { defaultValue: a.cap }),
                    })}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : (
          <p className="hint">{t('modem.loading')}</p>
        )}
        <div className="sec-row">
          <button
            type="button"
            className="secondary-button"
            data-testid="modem-refresh"
            aria-disabled={refreshing || undefined}
            onClick={() => void (refreshing ? undefined : refresh())}
          >
            {refreshing ? t('modem.refreshing') : t('modem.refresh')}
          </button>
        </div>
        <FormMessage id="modem-error" text={panelError} />
      </div>

      <PortChoice onChanged={() => void read(false)} />
      <TestSms onSent={() => void read(false)} />

      <div>
        <h3>{t('modem.outboxTitle')}</h3>
        <TableWrap label={t('modem.outboxTitle')}>
          <table className="sec-table" data-testid="modem-outbox">
            <caption className="sr-only">{t('modem.outboxTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('modem.to')}</th>
                <th scope="col">{t('modem.kind')}</th>
                <th scope="col">{t('modem.status')}</th>
                <th scope="col">{t('modem.reason')}</th>
                <th scope="col">{t('modem.attempts')}</th>
                <th scope="col">{t('modem.created')}</th>
                <th scope="col">{t('modem.sent')}</th>
                <th scope="col">{t('modem.delivered')}</th>
                <th scope="col">{t('modem.final')}</th>
              </tr>
            </thead>
            <tbody>
              {(panel?.outbox ?? []).map((m) => (
                <tr key={m.id}>
                  <td>{m.maskedTo}</td>
                  <td>{m.test ? t('modem.kindTest') : t('modem.kindCode')}</td>
                  <td>{t(`modem.states.${m.status}`, { defaultValue: m.status })}</td>
                  <td>{m.reason ?? ''}</td>
                  <td>{m.attempts}</td>
                  <td>{formatTime(m.createdAt, i18n.language)}</td>
                  <td>{formatTime(m.sentAt, i18n.language)}</td>
                  <td data-testid="modem-delivery">
                    {m.delivery === 'delivered'
                      ? formatTime(m.deliveredAt, i18n.language)
                      : m.delivery
                        ? t(`modem.delivery.${m.delivery}`)
                        : ''}
                  </td>
                  <td>{formatTime(m.finalAt, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        {panel && panel.outbox.length === 0 ? (
          <p className="hint">{t('modem.outboxEmpty')}</p>
        ) : null}
      </div>
    </Section>
  );
}

/** Five bars, the first `bars` filled; one image with its words for screen readers. */
export function SignalBars({ bars, label }: { bars: number; label: string }) {
  return (
    <span
      className="sec-bars"
      role="img"
      aria-label={label}
      data-testid="modem-bars"
      data-bars={bars}
    >
      {[1, 2, 3, 4, 5].map((n) => (
        <span
          key={n}
          className={`sec-bar${n <= bars ? ' sec-bar-on' : ''}`}
          style={{ height: `${n * 20}%` }}
        />
      ))}
    </span>
  );
}

function PortChoice({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation('admin');
  const call = useAdminCall();
  const [view, setView] = useState<ModemPortsView | null>(null);
  const [choice, setChoice] = useState<string>(AUTOMATIC);
  const [busy, setBusy] = useState<'detect' | 'use' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const detect = useCallback(async () => {
    setBusy('detect');
    const ports = await call(kiosk.admin.modemPorts({}), setError);
    setBusy(null);
    if (!ports) return;
    setError(null);
    setView(ports);
    setChoice(ports.chosen ?? AUTOMATIC);
  }, [call]);

  useLoad(detect);

  const use = async () => {
    setBusy('use');
    setDone(null);
    const result = await call(
      kiosk.admin.modemUsePort({ port: choice === AUTOMATIC ? null : choice }),
      setError,
    );
    setBusy(null);
    if (!result) return;
    setError(null);
    setView(result);
    setDone(t('modem.portSaved', { port: result.current ?? t('modem.noPort') }));
    onChanged();
  };

  return (
    <div className="sec-panel">
      <h3 id="modem-ports-title">{t('modem.portTitle')}</h3>
      <p className="hint">{t('modem.portHint')}</p>
      {view === null && busy === 'detect' ? <p className="hint">{t('modem.detecting')}</p> : null}
      {view ? (
        <div role="radiogroup" aria-labelledby="modem-ports-title" data-testid="modem-ports">
          <label className="sec-choice">
            <input
              type="radio"
              name="modem-port"
              data-testid="modem-port-auto"
              checked={choice === AUTOMATIC}
              onChange={() => setChoice(AUTOMATIC)}
            />
            {t('modem.automatic')}
          </label>
          {view.ports.map((p) => (
            <label key={p.path} className="sec-choice">
              <input
                type="radio"
                name="modem-port"
                value={p.path}
                data-testid={`modem-port-${p.path}`}
                checked={choice === p.path}
                onChange={() => setChoice(p.path)}
              />
              {p.path}
              {p.description ? ` · ${p.description}` : ''}
              {' · '}
              {p.answersAt === true
                ? t('modem.answers')
                : p.answersAt === false
                  ? t('modem.silent')
                  : t('modem.notProbed')}
              {p.path === view.current ? ` · ${t('modem.inUse')}` : ''}
            </label>
          ))}
          {view.ports.length === 0 ? <p className="hint">{t('modem.noPorts')}</p> : null}
        </div>
      ) : null}
      <div className="sec-row">
        <button
          type="button"
          className="primary-button"
          data-testid="modem-port-use"
          aria-disabled={busy !== null || undefined}
          onClick={() => void (busy ? undefined : use())}
        >
          {busy === 'use' ? t('modem.switching') : t('modem.usePort')}
        </button>
        <button
          type="button"
          className="secondary-button"
          data-testid="modem-port-detect"
          aria-disabled={busy !== null || undefined}
          onClick={() => void (busy ? undefined : detect())}
        >
          {busy === 'detect' ? t('modem.detecting') : t('modem.detect')}
        </button>
      </div>
      <FormMessage id="modem-port-error" text={error} />
      <FormMessage id="modem-port-done" kind="ok" text={done} />
    </div>
  );
}

function TestSms({ onSent }: { onSent: () => void }) {
  const { t } = useTranslation('admin');
  const call = useAdminCall();
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);

  const send = async () => {
    setSent(null);
    const result = await call(kiosk.admin.modemTestSms({ phone }), setError);
    if (!result) return;
    setError(null);
    setSent(t('modem.testSent', { to: result.maskedTo }));
    onSent();
  };

  return (
    <form
      className="sec-panel"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <h3>{t('modem.testTitle')}</h3>
      <div className="sec-row">
        <TextField
          id="modem-test-phone"
          label={t('modem.testPhone')}
          hint={t('modem.testHint')}
          type="tel"
          inputMode="tel"
          value={phone}
          onChange={setPhone}
          error={error}
          maxLength={40}
        />
        <button type="submit" className="primary-button" data-testid="modem-test-send">
          {t('modem.testSend')}
        </button>
      </div>
      <FormMessage id="modem-test-sent" kind="ok" text={sent} />
    </form>
  );
}
