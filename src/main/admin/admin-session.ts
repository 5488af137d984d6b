// The admin session: at most one manager signed in on this kiosk's admin screen. A manager
// signs in with the same SMS code engine as a worker (same caps, lockout, private mode); only an
// active manager gets in, and anyone else is answered exactly like a wrong code. The session
// ends after 5 minutes without activity (injected Scheduler), on sign-out, or as soon as the
// manager is no longer an active manager. Every sign-in and sign-out is audited with the
// manager as the actor.
import type { Db } from '../db/connection';
import type { AuditLog } from '../audit/audit-log';
import type { SignInLog } from '../audit/signin-log';
import type { ConfigStore } from '../config/config-store';
import type { SignInEngine, SignInFailure } from '../auth/engine';
import type { UsersTable } from '../registry/users';
import type { Scheduler, TimerHandle } from '../time';
import type { User } from '../../shared/domain';
import type { AdminSignInStep, AdminSignOutReason, AdminView } from '../../shared/admin';
import type { ChallengeView } from '../../shared/ipc/contract';
import { err, ok, type Result } from '../../shared/result';
import { maskPhone } from '../../shared/phone';
import { AdminError } from './errors';

export const ADMIN_IDLE_MS = 5 * 60_000;
/** How long a manager has to give the further factors after the SMS code. */
export const ADMIN_FACTOR_WINDOW_MS = 2 * 60_000;

/** The audit actor of a manager's actions. */
export function managerActor(user: Pick<User, 'employeeId'>): string {
  return `manager:${user.employeeId}`;
}

/**
 * A further check after the SMS code, before the admin session opens: the PIN (every
 * manager; see pinAdminFactor in ./index.ts), through 'admin.factor' → provideFactor, or, for a
 * manager without a PIN, 'admin.setPin' → setUpFactor.
 */
export interface AdminFactor {
  /** e.g. 'pin'; the admin screen picks the input to show from it. */
  readonly kind: string;
  required(manager: User): boolean;
  /** 'wrong' ends the pending sign-in; the factor keeps its own failure count and lockout. */
  check(manager: User, proof: string, prepared?: unknown): 'ok' | 'wrong';
  /** The slow part of check off the main thread (the PIN's scrypt). */
  prepare?(manager: User, proof: string): Promise<unknown>;
  /** The manager has not set this factor up yet: the admin screen asks them to set it now. */
  needsSetUp?(manager: User): boolean;
  /** Sets it (throws an Error with a message for the manager when the value is refused). */
  setUp?(manager: User, value: string): void;
  /** Shown with the set-up step (e.g. the shortest PIN). */
  minLength?(): number;
}

export type AdminMethod = AdminView['method'];

export interface AdminSessionDeps {
  db: Db;
  engine: SignInEngine;
  users: UsersTable;
  config: ConfigStore;
  audit: AuditLog;
  signInLog: SignInLog;
  scheduler: Scheduler;
  kioskId: string;
  factors?: readonly AdminFactor[];
  events?: { signedOut(reason: AdminSignOutReason): void };
  /** Called when a manager signs in (the kiosk ends a worker's session: one person at a time). */
  onSignedIn?: () => void;
}

/** Exactly what the engine says for a wrong code, so a refusal cannot be told from one. */
const WRONG_CODE_MESSAGE = 'That code is not right. Check the text message and try again.';
const CODE_DEAD_MESSAGE = 'Too many wrong tries for this code. Ask for a new one.';
const NOT_FOUND_MESSAGE = 'This sign-in has ended. Start again.';
/** Challenges started at the admin entry that may still be verified there. */
const MAX_TRACKED = 32;

interface Current {
  userId: number;
  method: AdminMethod;
  engineSessionId: string | null;
  startedAt: number;
  idleEndsAt: number;
  timer: TimerHandle;
}

interface Pending {
  userId: number;
  engineSessionId: string;
  remaining: AdminFactor[];
  until: number;
}

export class AdminSession {
  private current: Current | undefined;
  private pending: Pending | undefined;
  /** Challenge ids started at the admin entry (a worker sign-in's challenge does not count). */
  private readonly issued: string[] = [];
  /** Challenges whose correct code belonged to a non-manager: further tries look wrong. */
  private readonly refused = new Map<string, number>();

  constructor(private readonly deps: AdminSessionDeps) {}

  // --- sign-in ------------------------------------------------------------------------------

  async start(phone: string): Promise<Result<ChallengeView, SignInFailure>> {
    const result = await this.deps.engine.start({
      phone,
      kioskId: this.deps.kioskId,
      managersOnly: true,
    });
    if (result.ok) this.track(result.value.challengeId);
    return result;
  }

  async resend(challengeId: string): Promise<Result<ChallengeView, SignInFailure>> {
    if (!this.issued.includes(challengeId)) return err(notFound());
    return this.deps.engine.resend({ challengeId, kioskId: this.deps.kioskId });
  }

  async verify(challengeId: string, code: string): Promise<Result<AdminSignInStep, SignInFailure>> {
    if (!this.issued.includes(challengeId)) return err(notFound());
    const left = this.refused.get(challengeId);
    if (left !== undefined) return err(this.refuseAgain(challengeId, left));

    // The admin entry asks its own factors (the PIN below), so the engine stops after the code.
    const result = await this.deps.engine.verify({
      challengeId,
      code,
      kioskId: this.deps.kioskId,
      firstFactorOnly: true,
    });
    if (!result.ok) return result;
    if (result.value.state !== 'signed_in') return err(notFound());
    const { sessionId, user: signedIn } = result.value.signedIn;
    const user = this.deps.users.byId(signedIn.id);
    if (!user || !isActiveManager(user)) {
      // The code was right but the person is not an active manager: close the engine's session
      // at once and answer as for a wrong code, with the attempts a wrong code would leave.
      this.deps.engine.signOut(sessionId, 'user');
      this.deps.signInLog.append({
        at: this.now(),
        userId: signedIn.id,
        maskedPhone: user?.phone ? maskPhone(user.phone) : '••••',
        kioskId: this.deps.kioskId,
        result: 'failure',
        reason: 'admin_not_manager',
      });
      const attemptsLeft = this.deps.config.policy().maxWrongCodesPerCode - 1;
      if (attemptsLeft <= 0) {
        this.refused.set(challengeId, 0);
        return err({ code: 'code_dead', message: CODE_DEAD_MESSAGE, attemptsLeft: 0 });
      }
      this.refused.set(challengeId, attemptsLeft);
      return err({ code: 'wrong_code', message: WRONG_CODE_MESSAGE, attemptsLeft });
    }
    this.forget(challengeId);
    const remaining = (this.deps.factors ?? []).filter((f) => f.required(user));
    if (remaining.length > 0) {
      this.pending = {
        userId: user.id,
        engineSessionId: sessionId,
        remaining,
        until: this.now() + ADMIN_FACTOR_WINDOW_MS,
      };
      return ok(this.factorStep(remaining[0]!, user, this.pending.until));
    }
    return ok({ state: 'signed_in', admin: this.open(user, 'sms', sessionId) });
  }

  /**
   * For a manager without a PIN (factor_required with setUp): sets it, then continues like
   * provideFactor. A refused PIN keeps the step, so the manager can choose another.
   */
  setUpFactor(kind: string, value: string): AdminSignInStep {
    const pending = this.pending;
    if (!pending || this.now() >= pending.until || pending.remaining[0]?.kind !== kind) {
      this.dropPending();
      throw new AdminError('challenge_not_found', NOT_FOUND_MESSAGE);
    }
    const user = this.deps.users.byId(pending.userId);
    const factor = pending.remaining[0]!;
    if (!user || !isActiveManager(user) || !factor.setUp || !factor.needsSetUp?.(user)) {
      this.dropPending();
      throw new AdminError('challenge_not_found', NOT_FOUND_MESSAGE);
    }
    try {
      factor.setUp(user, value);
    } catch (error) {
      throw new AdminError('invalid_input', (error as Error).message);
    }
    return this.afterFactor(pending, user);
  }

  private factorStep(factor: AdminFactor, user: User, until: number): AdminSignInStep {
    const setUp = factor.needsSetUp?.(user) ?? false;
    return {
      state: 'factor_required',
      factor: factor.kind,
      until,
      ...(setUp ? { setUp: true, minLength: factor.minLength?.() } : {}),
    };
  }

  private afterFactor(pending: Pending, user: User): AdminSignInStep {
    pending.remaining.shift();
    if (pending.remaining.length > 0) {
      return this.factorStep(pending.remaining[0]!, user, pending.until);
    }
    this.pending = undefined;
    return { state: 'signed_in', admin: this.open(user, 'sms', pending.engineSessionId) };
  }

  /** The next factor of a pending sign-in. */
  /** provideFactor with the factor's slow work (the PIN's scrypt) done off the main thread first. */
  async provideFactorAsync(kind: string, proof: string): Promise<AdminSignInStep> {
    const pending = this.pending;
    const factor = pending?.remaining[0];
    const user = pending ? this.deps.users.byId(pending.userId) : undefined;
    const prepared =
      factor?.kind === kind && user ? await factor.prepare?.(user, proof) : undefined;
    return this.provideFactor(kind, proof, prepared);
  }

  provideFactor(kind: string, proof: string, prepared?: unknown): AdminSignInStep {
    const pending = this.pending;
    if (!pending || this.now() >= pending.until || pending.remaining[0]?.kind !== kind) {
      this.dropPending();
      throw new AdminError('challenge_not_found', NOT_FOUND_MESSAGE);
    }
    const user = this.deps.users.byId(pending.userId);
    const factor = pending.remaining[0]!;
    if (
      !user ||
      !isActiveManager(user) ||
      factor.needsSetUp?.(user) ||
      factor.check(user, proof, prepared) !== 'ok'
    ) {
      this.dropPending();
      throw new AdminError('wrong_code', `That ${kind} is not right. Start again.`);
    }
    return this.afterFactor(pending, user);
  }

  /**
   * Opens the session for a manager whose identity was proved another way (first-run setup, the
   * recovery code). Call inside the caller's transaction when it has one.
   */
  open(user: User, method: AdminMethod, engineSessionId: string | null = null): AdminView {
    if (!isActiveManager(user)) {
      throw new AdminError('admin_required', 'Only an active manager can open the admin screen.');
    }
    if (this.current) this.end('user');
    const now = this.now();
    this.current = {
      userId: user.id,
      method,
      engineSessionId,
      startedAt: now,
      idleEndsAt: now + ADMIN_IDLE_MS,
      timer: this.deps.scheduler.setTimeout(() => this.end('idle'), ADMIN_IDLE_MS),
    };
    this.deps.audit.append({
      actor: managerActor(user),
      action: 'admin.signIn',
      target: `user:${user.employeeId}`,
      details: { method, kioskId: this.deps.kioskId },
    });
    this.deps.onSignedIn?.();
    return toView(user, this.current);
  }

  // --- the running session ------------------------------------------------------------------

  /**
   * The signed-in manager, or undefined. The registry is read each time: a manager who was
   * disabled, deleted or made a worker (here or from the CLI) is signed out at once.
   */
  manager(): User | undefined {
    const session = this.current;
    if (!session) return undefined;
    const user = this.deps.users.byId(session.userId);
    if (!user || !isActiveManager(user)) {
      this.end('revoked', user);
      return undefined;
    }
    return user;
  }

  /** Activity on the admin screen or an admin request: the 5-minute idle timer starts again. */
  touch(): AdminView | null {
    const user = this.manager();
    const session = this.current;
    if (!user || !session) return null;
    this.deps.scheduler.clearTimeout(session.timer);
    session.idleEndsAt = this.now() + ADMIN_IDLE_MS;
    session.timer = this.deps.scheduler.setTimeout(() => this.end('idle'), ADMIN_IDLE_MS);
    return toView(user, session);
  }

  view(): AdminView | null {
    const user = this.manager();
    const session = this.current;
    return user && session ? toView(user, session) : null;
  }

  end(reason: AdminSignOutReason, known?: User): boolean {
    this.dropPending();
    const session = this.current;
    if (!session) return false;
    this.deps.scheduler.clearTimeout(session.timer);
    this.current = undefined;
    if (session.engineSessionId) {
      this.deps.engine.signOut(session.engineSessionId, reason === 'idle' ? 'idle' : 'user');
    }
    const user = known ?? this.deps.users.byId(session.userId);
    this.deps.audit.append({
      actor: user ? managerActor(user) : `user:${session.userId}`,
      action: 'admin.signOut',
      target: user ? `user:${user.employeeId}` : `user:${session.userId}`,
      details: { reason, kioskId: this.deps.kioskId },
    });
    this.deps.events?.signedOut(reason);
    return true;
  }

  // --- internals ----------------------------------------------------------------------------

  private refuseAgain(challengeId: string, left: number): SignInFailure {
    const next = Math.max(0, left - 1);
    this.refused.set(challengeId, next);
    if (left <= 1) return { code: 'code_dead', message: CODE_DEAD_MESSAGE, attemptsLeft: 0 };
    return { code: 'wrong_code', message: WRONG_CODE_MESSAGE, attemptsLeft: next };
  }

  private dropPending(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    this.deps.engine.signOut(pending.engineSessionId, 'user');
  }

  private track(challengeId: string): void {
    this.issued.push(challengeId);
    while (this.issued.length > MAX_TRACKED) {
      const dropped = this.issued.shift()!;
      this.refused.delete(dropped);
    }
  }

  private forget(challengeId: string): void {
    const index = this.issued.indexOf(challengeId);
    if (index >= 0) this.issued.splice(index, 1);
    this.refused.delete(challengeId);
  }

  private now(): number {
    return this.deps.scheduler.now();
  }
}

function toView(user: User, session: Current): AdminView {
  return {
    employeeId: user.employeeId,
    displayName: user.displayName,
    language: user.language,
    startedAt: session.startedAt,
    idleEndsAt: session.idleEndsAt,
    method: session.method,
  };
}

export function isActiveManager(user: User): boolean {
  return user.role === 'manager' && user.status === 'active';
}

function notFound(): SignInFailure {
  return { code: 'challenge_not_found', message: NOT_FOUND_MESSAGE };
}
