// Sign-out leaves nothing behind for the next person at the kiosk.
export function wipeWebStorage(): void {
  for (const name of ['sessionStorage', 'localStorage'] as const) {
    try {
      (globalThis as Partial<Record<typeof name, Storage>>)[name]?.clear();
    } catch {
      // Storage can be disabled (opaque origin); there is then nothing to wipe.
    }
  }
}
