import { useEffect, useRef } from 'react';

/**
 * Digits typed on a physical keyboard while the focus is on a button (after tapping a language,
 * say) still go where the worker means them to: `onKey` gets them unless a text field has focus.
 */
export function useStrayKeys(onKey: (key: string) => boolean): void {
  const handler = useRef(onKey);
  useEffect(() => {
    handler.current = onKey;
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
      if (target?.closest('dialog[open]')) return;
      if (handler.current(e.key)) e.preventDefault();
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}
