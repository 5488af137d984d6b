import { useEffect, useRef } from 'react';
import { kiosk } from '../api';
import { createThrottle } from '../lib/throttle';
import { callAdmin } from './admin-call';

/** One ping per interval pushes the 5-minute admin idle sign-out back; more would be noise. */
export const ADMIN_ACTIVITY_INTERVAL_MS = 15_000;

/**
 * While a manager is signed in, touches and key presses keep the admin session alive.
 * `onEnded` runs when main answers that the session is already over.
 */
export function useAdminActivity(active: boolean, onEnded: () => void): void {
  const ended = useRef(onEnded);
  useEffect(() => {
    ended.current = onEnded;
  });
  useEffect(() => {
    if (!active) return;
    const throttle = createThrottle(ADMIN_ACTIVITY_INTERVAL_MS);
    const onActivity = () => {
      if (!throttle.take(Date.now())) return;
      void callAdmin(kiosk.admin.activity({})).then((result) => {
        if (result.ok && result.value === null) ended.current();
      });
    };
    const events = ['pointerdown', 'keydown', 'wheel'] as const;
    for (const name of events) window.addEventListener(name, onActivity, { passive: true });
    return () => {
      for (const name of events) window.removeEventListener(name, onActivity);
    };
  }, [active]);
}
