// Retention: what the kiosk keeps only for a while. Finished challenges, code sends, sessions,
// start counts, spent text codes and final outbox rows go after the policy's retentionDays, the
// sign-in log after logRetentionDays. Every delete is audited with its counts. The audit log
// itself is never pruned: its chain is how a removed row is noticed.
import type { Db } from './connection';
import { prepared } from './prepared';
import type { AuditLog } from '../audit/audit-log';
import type { ConfigStore } from '../config/config-store';
import type { Scheduler, TimerHandle } from '../time';

const DAY = 24 * 60 * 60 * 1000;

export type PruneCounts = Record<
  'challenges' | 'codeSends' | 'sessions' | 'startAttempts' | 'textCodes' | 'outbox' | 'signInLog',
  number
>;

/** Deletes what is past its retention at `now`; audits the counts when anything went. */
export function pruneExpired(
  deps: { db: Db; config: ConfigStore; audit: AuditLog },
  now: number,
): PruneCounts {
  const policy = deps.config.policy();
  const cutoff = now - policy.retentionDays * DAY;
  const logCutoff = now - policy.logRetentionDays * DAY;
  const { db } = deps;
  const run = (sql: string, ...params: number[]) => prepared(db, sql).run(...params).changes;
  return db.transaction(() => {
    const counts: PruneCounts = {
      // Only challenges no one can still use (a pending one has not expired yet, or it would be
      // past its few minutes' lifetime by far).
      challenges: run(
        'DELETE FROM challenges WHERE created_at < ? AND expires_at < ?',
        cutoff,
        now,
      ),
      codeSends: run('DELETE FROM code_sends WHERE sent_at < ?', cutoff),
      sessions: run(
        'DELETE FROM sessions WHERE started_at < ? AND (ended_at IS NOT NULL OR expires_at < ?)',
        cutoff,
        now,
      ),
      startAttempts: run('DELETE FROM start_attempts WHERE at < ?', cutoff),
      textCodes: run('DELETE FROM text_codes WHERE expires_at < ?', cutoff),
      outbox: run(
        `DELETE FROM outbox WHERE final_at IS NOT NULL AND final_at < ?
           AND status IN ('sent', 'delivered', 'failed', 'expired', 'cancelled')`,
        cutoff,
      ),
      signInLog: run('DELETE FROM signin_log WHERE at < ?', logCutoff),
    };
    if (Object.values(counts).some((n) => n > 0)) {
      deps.audit.append({
        actor: 'system',
        action: 'retention.prune',
        target: 'database',
        details: {
          ...counts,
          retentionDays: policy.retentionDays,
          logRetentionDays: policy.logRetentionDays,
        },
      });
    }
    return counts;
  })();
}

/** Prunes at start and then once a day, on the injected scheduler. Returns a stop function. */
export function scheduleRetention(
  deps: { db: Db; config: ConfigStore; audit: AuditLog; scheduler: Scheduler },
  log: (line: string) => void = () => undefined,
): () => void {
  let timer: TimerHandle | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    try {
      pruneExpired(deps, deps.scheduler.now());
    } catch (error) {
      // A busy or read-only database waits for the next day; the kiosk keeps running.
      log(`retention: ${(error as Error).message}`);
    }
    timer = deps.scheduler.setTimeout(tick, DAY);
  };
  tick();
  return () => {
    stopped = true;
    if (timer) deps.scheduler.clearTimeout(timer);
  };
}
