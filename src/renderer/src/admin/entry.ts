// The kiosk's way into the admin screen, kept out of the admin chunk (App.tsx imports it):
// a discreet entry (hold the site name for 2 seconds, Ctrl+Alt+A, or the #/admin address) and
// the first-run check that shows the setup wizard instead of the worker screens.
import {
  useCallback,
  useEffect,
  useRef,
  useState,
  createElement,
  type ComponentType,
  type PointerEvent,
  type ReactNode,
} from 'react';
import { kiosk } from '../api';
import type { AdminAppProps } from './AdminApp';

export const ADMIN_HASH = '#/admin';
/** How long the site name is held before the admin screen opens. */
export const HOLD_MS = 2_000;

export function isAdminHash(hash: string): boolean {
  return hash === ADMIN_HASH || hash.startsWith(`${ADMIN_HASH}/`);
}

/** Ctrl+Alt+A (Ctrl+Option+A on a Mac keyboard), whatever the keyboard layout types. */
export function isAdminShortcut(e: {
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  code: string;
}): boolean {
  return e.ctrlKey && e.altKey && !e.metaKey && !e.shiftKey && e.code === 'KeyA';
}

export interface AdminEntry {
  open: boolean;
  openAdmin(): void;
  closeAdmin(): void;
  /** Spread onto the site name: pressing and holding it opens the admin screen. */
  holdProps: {
    onPointerDown(e: PointerEvent): void;
    onPointerUp(): void;
    onPointerLeave(): void;
    onPointerCancel(): void;
    onContextMenu(e: { preventDefault(): void }): void;
  };
}

export function useAdminEntry(): AdminEntry {
  const [open, setOpen] = useState(() => isAdminHash(window.location.hash));
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const openAdmin = useCallback(() => {
    if (!isAdminHash(window.location.hash)) window.location.hash = ADMIN_HASH;
    setOpen(true);
  }, []);

  const closeAdmin = useCallback(() => {
    // Leaves no "#/admin" behind, so a reload shows the kiosk.
    if (isAdminHash(window.location.hash)) {
      history.replaceState(null, '', window.location.pathname + window.location.search);
    }
    setOpen(false);
  }, []);

  useEffect(() => {
    const onHash = () => setOpen(isAdminHash(window.location.hash));
    const onKey = (e: KeyboardEvent) => {
      if (!isAdminShortcut(e)) return;
      e.preventDefault();
      openAdmin();
    };
    window.addEventListener('hashchange', onHash);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('keydown', onKey);
    };
  }, [openAdmin]);

  const cancel = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = undefined;
  }, []);
  useEffect(() => cancel, [cancel]);

  const holdProps = {
    onPointerDown(e: PointerEvent) {
      if (e.button !== 0) return;
      cancel();
      timer.current = setTimeout(openAdmin, HOLD_MS);
    },
    onPointerUp: cancel,
    onPointerLeave: cancel,
    onPointerCancel: cancel,
    // A long touch opens the context menu on some screens; it would end the hold.
    onContextMenu: (e: { preventDefault(): void }) => e.preventDefault(),
  };

  return { open, openAdmin, closeAdmin, holdProps };
}

/**
 * Whether the kiosk still needs its first-run setup (no active manager). null while asking;
 * `recheck` after the admin screen closes (setup may have been completed there).
 */
export function useSetupNeeded(): { needed: boolean | null; recheck(): void } {
  const [needed, setNeeded] = useState<boolean | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    void kiosk.setup.status({}).then((result) => {
      // When the status cannot be read the kiosk carries on: sign-in says what is wrong.
      if (live) setNeeded(result.ok ? result.value.needed : false);
    });
    return () => {
      live = false;
    };
  }, [round]);
  const recheck = useCallback(() => {
    // Unknown until main answers: the kiosk screens show meanwhile, not a stale admin screen.
    setNeeded(null);
    setRound((n) => n + 1);
  }, []);
  return { needed, recheck };
}

type AdminAppComponent = ComponentType<AdminAppProps>;
let loadedAdminApp: AdminAppComponent | null = null;

/**
 * The admin screen's chunk, loaded the first time it is `wanted` (a dynamic import, so the
 * worker screens' bundle does not carry it). Not React.lazy: a Suspense boundary holds the
 * loaded screen back on a timer (React's fallback throttle), which a kiosk whose clock is
 * stopped in the tests would never see fire. null until loaded.
 */
function useAdminApp(wanted: boolean): AdminAppComponent | null {
  const [component, setComponent] = useState<AdminAppComponent | null>(() => loadedAdminApp);
  useEffect(() => {
    if (!wanted || component) return;
    let live = true;
    import('./AdminApp').then(
      (module) => {
        loadedAdminApp = module.default;
        if (live) setComponent(() => module.default);
      },
      // A missing chunk (a half-updated install): the kiosk stays usable; wanting it again retries.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [wanted, component]);
  return component;
}

/** The admin screen once its chunk is here; `fallback` until then. */
export function AdminScreen({ fallback, ...props }: AdminAppProps & { fallback: ReactNode }) {
  const loaded = useAdminApp(true);
  return loaded ? createElement(loaded, props) : fallback;
}
