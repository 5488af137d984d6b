// A person's second factors on the admin screen: PIN status, authenticator app,
// outstanding enrolment code; a manager issues enrolment codes, removes an app, unlocks a PIN and
// clears this kiosk's self-registration lock.
import type { RegistryService } from '../registry/registry-service';
import type { TotpStore } from '../auth/totp';
import type { EnrolmentService } from '../auth/enrolment';
import type { PinStore } from '../auth/pin';
import type { EnrolmentCodeView, StaffSecurityView } from '../../shared/security';
import { AdminError } from './errors';

/** What the panel needs of the PIN store (src/main/auth/pin.ts). */
export type PinAdmin = Pick<PinStore, 'status' | 'unlock'>;

export class SecurityAdmin {
  constructor(
    private readonly deps: {
      registry: RegistryService;
      totp: TotpStore;
      enrolment: EnrolmentService;
      /** This kiosk: its self-registration lock is the one shown and cleared. */
      kioskId: string;
      pins?: PinAdmin;
    },
  ) {}

  view(personId: number): StaffSecurityView {
    const user = this.person(personId);
    const totp = this.deps.totp.status(user.id);
    return {
      personId: user.id,
      employeeId: user.employeeId,
      displayName: user.displayName,
      pin: this.deps.pins ? this.deps.pins.status(user.id) : null,
      pinRequired: this.deps.enrolment.pinRequired(user),
      totp,
      enrolmentCodeUntil: this.deps.enrolment.outstandingUntil(user.id),
      kioskEnrolmentLock: this.deps.enrolment.kioskLock(this.deps.kioskId),
    };
  }

  issueEnrolmentCode(personId: number, actor: string): EnrolmentCodeView {
    const user = this.person(personId);
    if (user.status !== 'active') {
      throw new AdminError(
        'invalid_input',
        `${user.displayName} is disabled. Enable them before issuing an enrolment code.`,
      );
    }
    return this.deps.enrolment.issue(user.id, actor);
  }

  resetTotp(personId: number, actor: string): StaffSecurityView {
    const user = this.person(personId);
    this.deps.totp.reset(user.id, user.employeeId, actor);
    return this.view(user.id);
  }

  /**
   * The PIN's lock alone (the SMS lock is admin.staffUnlock): one unlock per factor, so opening
   * one never opens the other. Audited by the PIN store when there was a lock to end.
   */
  unlockPin(personId: number, actor: string): StaffSecurityView {
    const user = this.person(personId);
    if (!this.deps.pins) {
      throw new AdminError('invalid_input', 'PINs are not available on this kiosk.', {
        field: 'pin',
        params: { problem: 'unavailable' },
      });
    }
    this.deps.pins.unlock(user.id, actor);
    return this.view(user.id);
  }

  /** Ends this kiosk's self-registration lock (audited by clearKioskLock); whether it was on. */
  clearKioskEnrolmentLock(actor: string): { cleared: boolean } {
    return { cleared: this.deps.enrolment.clearKioskLock(this.deps.kioskId, actor) };
  }

  private person(personId: number) {
    const user = this.deps.registry.users.byId(personId);
    if (!user) {
      throw new AdminError('user_not_found', 'That person is no longer in the registry.', {
        field: 'id',
      });
    }
    return user;
  }
}
