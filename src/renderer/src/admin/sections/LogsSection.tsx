// Logs: the sign-in log (filters: employee ID, result, from/to dates; paged) and the audit log
// (paged, with the result of checking its hash chain shown first). Both export to CSV.
import { useCallback, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { kiosk } from '../../api';
import {
  SIGN_IN_RESULTS,
  type AuditLogPage,
  type SignInLogPage,
  type SignInResult,
} from '../../../../shared/admin';
import { downloadCsv } from '../download';
import { TextField } from '../fields';
import { FormMessage, Section, formatTime, useAdminCall, useLoad, TableWrap } from './common';
import { dayEnd, dayStart } from './log-filter';
import { reasonWords } from './log-reason';

const PAGE = 50;
type Tab = 'signin' | 'audit';
type ResultFilter = '' | SignInResult;

export function LogsSection() {
  const { t } = useTranslation('admin');
  const [tab, setTab] = useState<Tab>('signin');
  const tabs: Tab[] = ['signin', 'audit'];
  const onKey = (e: KeyboardEvent) => {
    // Arrow keys move between tabs (the WAI-ARIA tabs pattern).
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const next = tab === 'signin' ? 'audit' : 'signin';
    setTab(next);
    document.getElementById(`logs-tab-${next}`)?.focus();
  };
  return (
    <Section id="logs" title={t('logs.title')}>
      <div className="sec-tabs" role="tablist" aria-label={t('logs.title')} onKeyDown={onKey}>
        {tabs.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`logs-tab-${name}`}
            data-testid={`logs-tab-${name}`}
            className="sec-tab"
            aria-selected={tab === name}
            aria-controls={`logs-panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
          >
            {t(`logs.tab.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`logs-panel-${tab}`} aria-labelledby={`logs-tab-${tab}`}>
        {tab === 'signin' ? <SignInLog /> : <AuditLog />}
      </div>
    </Section>
  );
}

interface Filter {
  employeeId: string;
  result: ResultFilter;
  from: string;
  to: string;
}

function requestOf(filter: Filter) {
  return {
    ...(filter.employeeId.trim() ? { employeeId: filter.employeeId.trim() } : {}),
    ...(filter.result ? { result: filter.result } : {}),
    ...(filter.from ? { from: dayStart(filter.from) } : {}),
    ...(filter.to ? { to: dayEnd(filter.to) } : {}),
  };
}

function SignInLog() {
  const { t, i18n } = useTranslation('admin');
  const call = useAdminCall();
  const empty: Filter = { employeeId: '', result: '', from: '', to: '' };
  const [form, setForm] = useState<Filter>(empty);
  const [applied, setApplied] = useState<Filter>(empty);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<SignInLogPage | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await call(
      kiosk.admin.signInLog({ ...requestOf(applied), offset, limit: PAGE }),
      setError,
    );
    if (result) {
      setPage(result);
      setError(null);
    }
  }, [call, applied, offset]);

  useLoad(load);

  const exportCsv = async () => {
    const file = await call(kiosk.admin.signInLogExport(requestOf(applied)), setError);
    if (file) downloadCsv(file);
  };

  return (
    <div className="sec" data-testid="signin-log">
      <form
        className="sec-filters"
        role="search"
        aria-label={t('logs.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          setApplied(form);
        }}
      >
        <TextField
          id="log-employee"
          label={t('logs.employeeId')}
          value={form.employeeId}
          onChange={(employeeId) => setForm({ ...form, employeeId })}
          maxLength={64}
        />
        <div className="admin-field">
          <label className="field-label" htmlFor="log-result">
            {t('logs.result')}
          </label>
          <select
            id="log-result"
            data-testid="log-result"
            className="sec-input"
            value={form.result}
            onChange={(e) => setForm({ ...form, result: e.target.value as ResultFilter })}
          >
            <option value="">{t('logs.anyResult')}</option>
            {SIGN_IN_RESULTS.map((result) => (
              <option key={result} value={result}>
                {t(`logs.results.${result}`)}
              </option>
            ))}
          </select>
          <p className="field-error" aria-hidden="true" />
        </div>
        <DateField
          id="log-from"
          label={t('logs.from')}
          value={form.from}
          onChange={(from) => setForm({ ...form, from })}
        />
        <DateField
          id="log-to"
          label={t('logs.to')}
          value={form.to}
          onChange={(to) => setForm({ ...form, to })}
        />
        <button type="submit" className="primary-button" data-testid="log-apply">
          {t('logs.apply')}
        </button>
        <button
          type="button"
          className="secondary-button"
          data-testid="log-clear"
          onClick={() => {
            setForm(empty);
            setOffset(0);
            setApplied(empty);
          }}
        >
          {t('logs.clear')}
        </button>
      </form>
      <FormMessage id="signin-log-error" text={error} />
      <TableWrap label={t('logs.tab.signin')}>
        <table className="sec-table" data-testid="signin-log-table">
          <caption className="sr-only">{t('logs.tab.signin')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('logs.time')}</th>
              <th scope="col">{t('logs.person')}</th>
              <th scope="col">{t('logs.phone')}</th>
              <th scope="col">{t('logs.result')}</th>
              <th scope="col">{t('logs.reason')}</th>
              <th scope="col">{t('logs.kiosk')}</th>
            </tr>
          </thead>
          <tbody>
            {(page?.rows ?? []).map((row) => (
              <tr key={row.id}>
                <td>{formatTime(row.at, i18n.language)}</td>
                {/* The employee ID under the name: one column less, so the table fits beside
                    the demo's phone at 1280 px. */}
                <td>
                  {row.userName ?? t('logs.unknownPerson')}
                  {row.employeeId ? <span className="sec-sub">{row.employeeId}</span> : null}
                </td>
                <td>{row.maskedPhone}</td>
                <td>{t(`logs.results.${row.result}`)}</td>
                <td>{reasonWords(t, row.reason)}</td>
                <td>{row.kioskId}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <Pager id="signin-log" offset={offset} total={page?.total ?? 0} onOffset={setOffset} />
      <div className="sec-row">
        <button
          type="button"
          className="secondary-button"
          data-testid="signin-log-export"
          onClick={() => void exportCsv()}
        >
          {t('logs.export')}
        </button>
      </div>
    </div>
  );
}

function AuditLog() {
  const { t, i18n } = useTranslation('admin');
  const call = useAdminCall();
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<AuditLogPage | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await call(kiosk.admin.auditLog({ offset, limit: PAGE }), setError);
    if (result) {
      setPage(result);
      setError(null);
    }
  }, [call, offset]);

  useLoad(load);

  const exportCsv = async () => {
    const file = await call(kiosk.admin.auditLogExport({}), setError);
    if (file) downloadCsv(file);
  };
  const verification = page?.verification;

  return (
    <div className="sec" data-testid="audit-log">
      {verification ? (
        <p
          className={verification.ok ? 'sec-chain-ok' : 'sec-chain-broken'}
          data-testid="audit-chain"
          role={verification.ok ? 'status' : 'alert'}
        >
          {verification.ok
            ? t('logs.chainOk', { rows: verification.rows })
            : t('logs.chainBroken', { seq: verification.seq, problem: verification.problem })}
        </p>
      ) : null}
      <FormMessage id="audit-log-error" text={error} />
      <TableWrap label={t('logs.tab.audit')}>
        <table className="sec-table" data-testid="audit-log-table">
          <caption className="sr-only">{t('logs.tab.audit')}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('logs.time')}</th>
              <th scope="col">{t('logs.actor')}</th>
              <th scope="col">{t('logs.action')}</th>
              <th scope="col">{t('logs.target')}</th>
              <th scope="col">{t('logs.details')}</th>
            </tr>
          </thead>
          <tbody>
            {(page?.rows ?? []).map((row) => (
              <tr key={row.seq}>
                <td>{row.seq}</td>
                <td>{formatTime(row.at, i18n.language)}</td>
                <td className="sec-details">{row.actor}</td>
                <td className="sec-details">{row.action}</td>
                <td className="sec-details">{row.target}</td>
                <td className="sec-details">
                  <code>{row.details}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <Pager id="audit-log" offset={offset} total={page?.total ?? 0} onOffset={setOffset} />
      <div className="sec-row">
        <button
          type="button"
          className="secondary-button"
          data-testid="audit-log-export"
          onClick={() => void exportCsv()}
        >
          {t('logs.export')}
        </button>
      </div>
    </div>
  );
}

function DateField({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="admin-field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        data-testid={id}
        className="sec-input"
        type="date"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      <p className="field-error" aria-hidden="true" />
    </div>
  );
}

function Pager({
  id,
  offset,
  total,
  onOffset,
}: {
  id: string;
  offset: number;
  total: number;
  onOffset: (offset: number) => void;
}) {
  const { t } = useTranslation('admin');
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(total, offset + PAGE);
  return (
    <nav className="sec-row" aria-label={t('logs.pages')}>
      <button
        type="button"
        className="secondary-button"
        data-testid={`${id}-prev`}
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - PAGE))}
      >
        {t('logs.previous')}
      </button>
      <p data-testid={`${id}-range`} aria-live="polite">
        {t('logs.range', { first, last, total })}
      </p>
      <button
        type="button"
        className="secondary-button"
        data-testid={`${id}-next`}
        disabled={last >= total}
        onClick={() => onOffset(offset + PAGE)}
      >
        {t('logs.next')}
      </button>
    </nav>
  );
}
