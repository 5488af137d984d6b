import type { Migration } from './index';

// Issue 6: PINs, authenticator apps (TOTP) and self-service enrolment codes. Placeholder until
// the factor tables land; it is filled in before any release (no database has shipped yet).
export const migration0004: Migration = {
  version: 4,
  name: 'factors',
  up() {},
};
