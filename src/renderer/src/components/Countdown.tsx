import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNow } from '../hooks/use-now';
import { announceStep, formatCountdown, formatDurationWords, secondsLeft } from '../lib/countdown';

interface CountdownProps {
  until: number;
  /** Shown before the digits, e.g. "Code expires in". */
  label: string;
  /** The sentence screen readers hear at each step, e.g. "The code expires in 2 minutes." */
  announce: (time: string) => string;
  onEnd?: () => void;
  testId?: string;
  className?: string;
}

/**
 * Digits that tick every second for the eye, and a polite live region that speaks only at the
 * steps of lib/countdown (5 min, 4 min … 30 s, 10 s) so a screen reader is not flooded.
 */
export function Countdown({ until, label, announce, onEnd, testId, className }: CountdownProps) {
  const { i18n } = useTranslation();
  const now = useNow(1000);
  const left = secondsLeft(until, now);
  const step = announceStep(left);
  const ended = left === 0;
  const onEndRef = useRef(onEnd);
  useEffect(() => {
    onEndRef.current = onEnd;
  });
  useEffect(() => {
    if (ended) onEndRef.current?.();
  }, [ended]);
  return (
    <div className={`countdown ${className ?? ''}`} data-testid={testId}>
      <span className="countdown-label">{label}</span>{' '}
      <span className="countdown-digits" role="timer" aria-live="off">
        {formatCountdown(left, i18n.language)}
      </span>
      <span className="sr-only" aria-live="polite" aria-atomic="true">
        {step > 0 ? announce(formatDurationWords(step, i18n.language)) : ''}
      </span>
    </div>
  );
}
