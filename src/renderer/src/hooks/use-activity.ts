import { useEffect } from 'react';
import { useKiosk } from '../store';

/** While someone is signed in, touches and key presses push the idle sign-out back. */
export function useActivityReporting(): void {
  const signedIn = useKiosk((s) => s.session !== null);
  const reportActivity = useKiosk((s) => s.reportActivity);
  useEffect(() => {
    if (!signedIn) return;
    const onActivity = () => reportActivity();
    const events = ['pointerdown', 'keydown', 'wheel'] as const;
    for (const name of events) window.addEventListener(name, onActivity, { passive: true });
    return () => {
      for (const name of events) window.removeEventListener(name, onActivity);
    };
  }, [signedIn, reportActivity]);
}
