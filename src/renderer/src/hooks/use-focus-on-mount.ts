import { useEffect, useRef } from 'react';

/** Moves focus to the element when it appears, so a new screen is read out from its heading. */
export function useFocusOnMount<T extends HTMLElement>(key?: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [key]);
  return ref;
}
