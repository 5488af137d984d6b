// A person's second factors on the admin screen (issue 6): PIN status, authenticator app,
// outstanding enrolment code; a manager issues enrolment codes and removes an app.
import type { RegistryService } from '../registry/registry-service';
import type { TotpStore } from '../auth/totp';
import type { EnrolmentService } from '../auth/enrolment';
import type { EnrolmentCodeView, StaffSecurityView } from '../../shared/security';
import { AdminError } from './errors';

/** The PIN store's view of a person (src/main/auth/pin.ts), adapted where it is wired. */
export type PinStatusOf = (userId: number) => { set: boolean; locked: boolean };

export class SecurityAdmin {
  constructor(
    private readonly deps: {
      registry: RegistryService;
      totp: TotpStore;
      enrolment: EnrolmentService;
      pinStatus?: PinStatusOf;
    },
  ) {}

  view(personId: number): StaffSecurityView {
    const user = this.person(personId);
    const totp = this.deps.totp.status(user.id);
    return {
      personId: user.id,
      employeeId: user.employeeId,
      displayName: user.displayName,
      pin: this.deps.pinStatus ? this.deps.pinStatus(user.id) : null,
      pinRequired: this.deps.enrolment.pinRequired(user),
      totp,
      enrolmentCodeUntil: this.deps.enrolment.outstandingUntil(user.id),
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

  private person(personId: number) {
    const user = this.deps.registry.users.byId(personId);
    if (!user) throw new AdminError('user_not_found', 'That person is no longer in the registry.');
    return user;
  }
}
