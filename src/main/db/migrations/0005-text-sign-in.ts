import type { Migration } from './index';

// Issue 6: text-to-sign-in (codes shown on the kiosk, texted back by the worker). Placeholder
// until its tables land; filled in before any release (no database has shipped yet).
export const migration0005: Migration = {
  version: 5,
  name: 'text-sign-in',
  up() {},
};
