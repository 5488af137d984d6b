// Small pieces the four admin sections share: calling main (through callAdmin, so a lost admin
// session sends the screen back to sign-in), error words, times, and a confirm step.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpcError, IpcResult } from '../../../../shared/ipc/contract';
import { callAdmin } from '../admin-call';
import { describeError } from '../errors';
import './sections.css';

/** Calls main; answers the value, or null after putting the error's words into `onError`. */
export function useAdminCall() {
  const { t } = useTranslation('admin');
  return useCallback(
    async <T,>(
      call: Promise<IpcResult<T>>,
      onError: (words: string, error: IpcError) => void,
    ): Promise<T | null> => {
      let result: IpcResult<T>;
      try {
        result = await callAdmin(call);
      } catch {
        onError(t('errors.internal'), { code: 'internal', message: '' });
        return null;
      }
      if (result.ok) return result.value;
      onError(describeError(t, result.error), result.error);
      return null;
    },
    [t],
  );
}

/** A date and time in the screen's language. */
export function formatTime(at: number | null | undefined, language: string): string {
  if (at === null || at === undefined) return '–';
  return new Date(at).toLocaleString(language, { dateStyle: 'short', timeStyle: 'medium' });
}

/** A message for the whole form (not one field), read out when it changes. */
export function FormMessage({
  id,
  text,
  kind = 'error',
}: {
  id: string;
  text: string | null;
  kind?: 'error' | 'ok';
}) {
  return (
    <p
      id={id}
      data-testid={id}
      className={kind === 'error' ? 'field-error' : 'sec-ok'}
      role="status"
      aria-live="polite"
    >
      {text ?? ''}
    </p>
  );
}

/** A button that asks "are you sure" in place before it acts (no modal to lose focus in). */
export function ConfirmButton({
  id,
  label,
  question,
  yes,
  no,
  onConfirm,
}: {
  id: string;
  label: string;
  question: string;
  yes: string;
  no: string;
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button
        type="button"
        className="secondary-button sec-danger"
        data-testid={id}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <div className="sec-confirm" role="group" aria-label={question}>
      <p>{question}</p>
      <button
        type="button"
        className="primary-button sec-danger-fill"
        data-testid={`${id}-yes`}
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {yes}
      </button>
      <button
        type="button"
        className="secondary-button"
        data-testid={`${id}-no`}
        onClick={() => setAsking(false)}
      >
        {no}
      </button>
    </div>
  );
}

export function Section({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: ReactNode;
}) {
  return (
    <section className="sec" aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`} className="sec-title">
        {title}
      </h2>
      {children}
    </section>
  );
}

/**
 * Runs `load` (reads from main, then sets state) on arrival and again whenever it changes
 * because what it reads changed (its useCallback deps), and every `everyMs` while the window
 * is visible when given.
 */
export function useLoad(load: () => Promise<unknown>, everyMs?: number): void {
  useEffect(() => {
    void load();
    if (!everyMs) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, everyMs);
    return () => clearInterval(timer);
  }, [load, everyMs]);
}

/** A table that scrolls sideways on a narrow screen; focusable so the keyboard can scroll it. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="sec-table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
