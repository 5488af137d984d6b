// CSV import: the file is checked first (a dry run in main, nothing written) and every bad row
// is listed; only "Import" writes, and then exactly what the preview showed.
import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReportView } from '../../../../shared/admin';
import type { IpcError } from '../../../../shared/ipc/contract';
import { kiosk } from '../../api';
import { useFocusOnMount } from '../../hooks/use-focus-on-mount';
import { callAdmin } from '../admin-call';
import { describeError } from '../errors';

/** main refuses more (contract.ts csvText); saying so here saves sending it. */
const MAX_BYTES = 5_000_000;

export function StaffImport({ onClose }: { onClose: (changed: boolean) => void }) {
  const { t } = useTranslation('admin');
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [csv, setCsv] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [preview, setPreview] = useState<ImportReportView | null>(null);
  const [committed, setCommitted] = useState<ImportReportView | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    setPreview(null);
    setCommitted(null);
    setError(null);
    setCsv(null);
    if (!file) return;
    setFileName(file.name);
    if (file.size > MAX_BYTES) {
      setError({ code: 'invalid_input', message: t('import.tooBig') });
      return;
    }
    const text = await file.text();
    setCsv(text);
    setBusy(true);
    const result = await callAdmin(kiosk.admin.staffImportPreview({ csv: text }));
    setBusy(false);
    if (result.ok) setPreview(result.value);
    else setError(result.error);
  };

  const commit = async () => {
    if (csv === null || busy) return;
    setBusy(true);
    const result = await callAdmin(kiosk.admin.staffImportCommit({ csv }));
    setBusy(false);
    if (result.ok) {
      setCommitted(result.value);
      setPreview(null);
    } else setError(result.error);
  };

  const report = committed ?? preview;
  return (
    <section className="admin-panel" aria-labelledby="import-heading" data-testid="staff-import">
      <div className="panel-top">
        <h1 id="import-heading" ref={heading} tabIndex={-1}>
          {t('import.heading')}
        </h1>
        <button
          type="button"
          className="secondary-button"
          data-testid="import-back"
          onClick={() => onClose(committed !== null)}
        >
          {t('person.back')}
        </button>
      </div>
      <p className="lead">{t('import.lead')}</p>
      <p className="hint">{t('import.columns')}</p>
      <label className="field-label" htmlFor="import-file">
        {t('import.file')}
      </label>
      <input
        id="import-file"
        data-testid="import-file"
        className="file-input"
        type="file"
        accept=".csv,text/csv"
        onChange={(e) => void choose(e)}
      />
      {busy ? (
        <p role="status" className="hint">
          {t('import.checking', { file: fileName })}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" role="alert" data-testid="import-error">
          {describeError(t, error)}
        </p>
      ) : null}
      {report ? (
        <div className="import-report" data-testid="import-report">
          <h2>{committed ? t('import.doneHeading') : t('import.previewHeading')}</h2>
          <p className="lead strong" role="status" data-testid="import-counts">
            {t(committed ? 'import.doneCounts' : 'import.previewCounts', {
              added: report.added,
              updated: report.updated,
              unchanged: report.unchanged,
              failed: report.failed,
            })}
          </p>
          {report.errors.length > 0 ? (
            <>
              <h3>{t('import.errorsHeading', { count: report.failed })}</h3>
              <ul className="import-errors" data-testid="import-errors">
                {report.errors.map((e) => (
                  <li key={`${e.line}:${e.reason}`}>
                    {t('import.line', { line: e.line, reason: e.reason })}
                  </li>
                ))}
              </ul>
              {report.errorsTruncated ? <p className="hint">{t('import.truncated')}</p> : null}
            </>
          ) : null}
          {preview ? (
            <>
              <p className="hint">
                {report.failed > 0 ? t('import.skipBad') : t('import.nothingWritten')}
              </p>
              <div className="actions">
                <button
                  type="button"
                  className="primary-button"
                  data-testid="import-commit"
                  aria-disabled={busy || report.added + report.updated === 0 || undefined}
                  onClick={() => {
                    if (report.added + report.updated > 0) void commit();
                  }}
                >
                  {t('import.commit')}
                </button>
              </div>
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
