// The one signed-in session a kiosk can have at a time: idle sign-out with a warning before it,
// and a maximum length of one shift. Timers run on the injected scheduler.
import type { Scheduler, TimerHandle } from '../time';
import type { SignedIn, SignInEngine } from './engine';
import type { ConfigStore } from '../config/config-store';
import type { GroupsTable } from '../registry/groups';
import type { SessionView } from '../../shared/ipc/contract';
import type { User } from '../../shared/domain';

/** revoked: the person was disabled, removed or given another role while signed in. */
export type SignOutReason = 'user' | 'idle' | 'max_length' | 'revoked';

export interface KioskSessionEvents {
  expiring(idleEndsAt: number): void;
  signedOut(reason: SignOutReason): void;
}

export class KioskSession {
  private current:
    | { signedIn: SignedIn; startedAt: number; idleEndsAt: number; timers: TimerHandle[] }
    | undefined;

  constructor(
    private readonly deps: {
      engine: SignInEngine;
      config: ConfigStore;
      groups: GroupsTable;
      scheduler: Scheduler;
      events: KioskSessionEvents;
      /**
       * The registry, so every session call checks the person again: a manager may have disabled
       * them or changed their role since they signed in (in this process or from the CLI).
       */
      users?: { byId(id: number): User | undefined };
      /** Whether a person has a PIN (the home screen offers "Change PIN" only then). */
      hasPin?: (userId: number) => boolean;
    },
  ) {}

  /**
   * Ends the session when its person is no longer active with the role they signed in with.
   * Called by every session call, and by the app when the registry changes someone.
   */
  recheck(): boolean {
    const session = this.current;
    if (!session) return false;
    if (!this.deps.users) return true;
    const user = this.deps.users.byId(session.signedIn.user.id);
    if (user && user.status === 'active' && user.role === session.signedIn.user.role) return true;
    this.end('revoked');
    return false;
  }

  begin(signedIn: SignedIn): SessionView {
    if (this.current) this.end('user');
    this.current = { signedIn, startedAt: this.deps.scheduler.now(), idleEndsAt: 0, timers: [] };
    this.touch();
    return this.view()!;
  }

  /** Activity on the screen: the idle countdown starts again. */
  touch(): SessionView | null {
    if (!this.recheck()) return null;
    const session = this.current;
    if (!session) return null;
    const { scheduler } = this.deps;
    const policy = this.deps.config.policy();
    for (const timer of session.timers) scheduler.clearTimeout(timer);
    const now = scheduler.now();
    const idleMs = policy.idleSignOutSeconds * 1000;
    const untilMax = session.signedIn.sessionExpiresAt - now;
    session.idleEndsAt = now + Math.min(idleMs, untilMax);
    session.timers = [
      scheduler.setTimeout(
        () => this.deps.events.expiring(session.idleEndsAt),
        Math.max(0, idleMs - policy.idleWarningSeconds * 1000),
      ),
      scheduler.setTimeout(() => this.end('idle'), idleMs),
      scheduler.setTimeout(() => this.end('max_length'), untilMax),
    ];
    return this.view();
  }

  end(reason: SignOutReason): boolean {
    const session = this.current;
    if (!session) return false;
    for (const timer of session.timers) this.deps.scheduler.clearTimeout(timer);
    this.current = undefined;
    this.deps.engine.signOut(session.signedIn.sessionId, reason);
    this.deps.events.signedOut(reason);
    return true;
  }

  /** The signed-in person's id (for their own settings, e.g. changing their PIN). */
  userId(): number | null {
    if (!this.recheck()) return null;
    return this.current?.signedIn.user.id ?? null;
  }

  view(): SessionView | null {
    if (!this.recheck()) return null;
    const session = this.current;
    if (!session) return null;
    const { user } = session.signedIn;
    return {
      user: {
        displayName: user.displayName,
        language: user.language,
        role: user.role,
        hasPin: this.deps.hasPin?.(user.id) ?? false,
      },
      resources: this.deps.groups.resourcesFor(user.id).map((r) => ({ name: r.name, url: r.url })),
      startedAt: session.startedAt,
      expiresAt: session.signedIn.sessionExpiresAt,
      idleEndsAt: session.idleEndsAt,
      idleWarningSeconds: this.deps.config.policy().idleWarningSeconds,
    };
  }
}
