// Crash test: a kiosk process (test/support/reliability-child.ts) runs the engine and the outbox
// on a database file and starts a burst of 200 sign-ins; it is killed with SIGKILL half-way,
// with sends in flight, and a second process resumes on the same database with its clock set so
// that about half of the codes still waiting have expired. Then: the database passes its
// integrity check, every code that had not expired reached its phone (at least once, always the
// newest code), no expired code was sent, and no message is left in `sending`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { openCoreServices, withEngine } from '../../../src/main/services';
import { integrityProblems } from '../../../src/main/db/connection';
import { ManualScheduler } from '../../support/manual-scheduler';
import { RecordingOutbound } from '../../support/harness';
import { workerPhone } from '../../support/reliability-kit';
import type { ChildConfig, ChildReport } from '../../support/reliability-child';

const ROOT = resolve(__dirname, '../../..');
const CHILD = join(ROOT, 'test/support/reliability-child.ts');
const KIOSK = 'kiosk-crash';
const WORKERS = 200;
const KILL_AFTER_STARTS = 100;
const LIFETIME_MS = 5 * 60_000;
// Each case takes about 3 s on an idle two-core machine (two Node start-ups with tsx are most of
// it); the bound leaves room for a busy CI machine.
const TEST_TIMEOUT_MS = 60_000;

interface ChildRun {
  reports: ChildReport[];
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Runs the child; `onReport` may return 'kill' to SIGKILL it at that report. */
function runChild(
  config: ChildConfig,
  onReport: (r: ChildReport, all: ChildReport[]) => 'kill' | void = () => undefined,
  timeoutMs = 45_000,
): Promise<ChildRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(config)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const reports: ChildReport[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child (${config.mode}) still running after ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const r = JSON.parse(line) as ChildReport;
      reports.push(r);
      if (onReport(r, reports) === 'kill') child.kill('SIGKILL');
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ reports, stderr, code, signal });
    });
  });
}

const codeOf = (text: string) => /\d{6}/.exec(text)?.[0];

interface Figures {
  started: number;
  sentBefore: number;
  sentAfter: number;
  expired: number;
  duplicates: number;
  recovery: string;
}

/**
 * Kills the burst after KILL_AFTER_STARTS sign-ins, resumes with the clock `clockFor` picks, and
 * checks every challenge in the database against both phones' inboxes.
 */
async function crashAndResume(
  dbPath: string,
  phones: string[],
  clockFor: (started: StartedReport[], waitingExpiries: number[]) => number,
): Promise<Figures> {
  // 1. The burst, killed half-way.
  let starts = 0;
  const first = await runChild(
    { mode: 'burst', dbPath, kioskId: KIOSK, phones, networkDelayMs: 4 },
    (r) => (r.type === 'started' && ++starts === KILL_AFTER_STARTS ? 'kill' : undefined),
  );
  expect(first.signal, first.stderr).toBe('SIGKILL');
  const started = first.reports.filter((r): r is StartedReport => r.type === 'started');
  const sentBefore = first.reports.filter((r): r is SmsReport => r.type === 'sms');
  // Killed with sends done, one in flight and many waiting (how many more sign-ins started
  // before SIGKILL landed depends on how busy the machine is).
  expect(started.length).toBeGreaterThanOrEqual(KILL_AFTER_STARTS);
  expect(sentBefore.length).toBeGreaterThan(0);
  expect(sentBefore.length).toBeLessThan(started.length);

  // 2. The second process, its clock standing at `clockAt`.
  const sentTo = new Set(sentBefore.map((r) => r.to));
  const waiting = started
    .filter((r) => !sentTo.has(r.phone))
    .map((r) => r.expiresAt)
    .sort((a, b) => a - b);
  const clockAt = clockFor(started, waiting);
  const second = await runChild({
    mode: 'resume',
    dbPath,
    kioskId: KIOSK,
    clockAt,
    networkDelayMs: 1,
  });
  expect(second.code, second.stderr + JSON.stringify(second.reports.at(-1))).toBe(0);
  expect(second.reports.find((r) => r.type === 'integrity')).toEqual({
    type: 'integrity',
    problems: [],
  });
  const sentAfter = second.reports.filter((r): r is SmsReport => r.type === 'sms');

  // 3. Every challenge in the database, against both phones' inboxes.
  const core = openCoreServices(dbPath, { scheduler: new ManualScheduler(clockAt) });
  try {
    expect(integrityProblems(core.db)).toEqual([]);
    const challenges = core.db
      .prepare(
        `SELECT c.id, c.expires_at AS expiresAt, o.to_e164 AS phone, o.status
         FROM challenges c JOIN outbox o ON o.id = CAST(c.outbound_id AS INTEGER)`,
      )
      .all() as Array<{ id: string; expiresAt: number; phone: string; status: string }>;
    // A sign-in whose transaction committed just before the kill may not have been reported.
    expect(challenges.length).toBeGreaterThanOrEqual(started.length);
    const engine = withEngine(core, {
      outbound: new RecordingOutbound(),
      scheduler: new ManualScheduler(clockAt),
      minResponseMs: 0,
    }).engine;

    const problems: string[] = [];
    let expired = 0;
    let duplicates = 0;
    for (const c of challenges) {
      const before = sentBefore.filter((r) => r.to === c.phone).map((r) => codeOf(r.text));
      const after = sentAfter.filter((r) => r.to === c.phone).map((r) => codeOf(r.text));
      const codes = new Set([...before, ...after]);
      if (codes.size > 1) problems.push(`${c.phone}: different codes ${[...codes].join(', ')}`);
      duplicates += Math.max(0, before.length + after.length - 1);
      if (c.expiresAt > clockAt) {
        if (codes.size === 0) problems.push(`${c.phone}: unexpired code never sent`);
        const code = [...codes][0];
        const verified = code && engine.verifyNow({ challengeId: c.id, code, kioskId: KIOSK });
        if (verified && !verified.ok) {
          problems.push(`${c.phone}: code on the phone does not sign in: ${verified.error.code}`);
        }
      } else {
        if (after.length > 0) problems.push(`${c.phone}: expired code sent after the restart`);
        if (before.length === 0) {
          expired++;
          if (c.status !== 'expired') problems.push(`${c.phone}: outbox ${c.status}`);
        }
      }
      if (c.status === 'sending' || c.status === 'queued') {
        problems.push(`${c.phone}: outbox left ${c.status}`);
      }
    }
    expect(problems).toEqual([]);
    return {
      started: started.length,
      sentBefore: sentBefore.length,
      sentAfter: sentAfter.length,
      expired,
      duplicates,
      recovery: second.reports
        .filter((r): r is LogReport => r.type === 'log' && r.line.includes('in flight'))
        .map((r) => r.line)
        .join('; '),
    };
  } finally {
    core.close();
  }
}

type StartedReport = Extract<ChildReport, { type: 'started' }>;
type SmsReport = Extract<ChildReport, { type: 'sms' }>;
type LogReport = Extract<ChildReport, { type: 'log' }>;

describe('crash during a burst of 200 sign-ins (SIGKILL, then restart on the same database)', () => {
  let dir: string;
  let dbPath: string;
  const phones = Array.from({ length: WORKERS }, (_, i) => workerPhone(i));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-crash-'));
    dbPath = join(dir, 'kiosk.db');
    const core = openCoreServices(dbPath);
    core.config.updateSite({ name: 'Harbour Depot', defaultCountry: 'FI' }, 'test');
    core.config.updatePolicy({ perKioskHourlyCap: 10_000, perSimDailyCap: 100_000 }, 'test');
    core.db.transaction(() => {
      phones.forEach((phone, i) =>
        core.registry.addUser(
          { employeeId: `W${i}`, displayName: `Worker ${i}`, phone, language: 'en' },
          'test',
        ),
      );
    })();
    core.close();
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'restarted at once: every code arrives, the one in flight possibly twice',
    async () => {
      const figures = await crashAndResume(
        dbPath,
        phones,
        (started) =>
          // One second after the last sign-in: nothing has expired yet.
          Math.max(...started.map((r) => r.expiresAt)) - LIFETIME_MS + 1_000,
      );
      expect(figures.expired).toBe(0);
      expect(figures.sentBefore + figures.sentAfter - figures.duplicates).toBeGreaterThanOrEqual(
        figures.started,
      );
      console.info(`crash test, restarted at once: ${JSON.stringify(figures)}`);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'restarted later: half of the waiting codes expired and are not sent, the rest arrive',
    async () => {
      const figures = await crashAndResume(
        dbPath,
        phones,
        (_started, waiting) => waiting[Math.floor(waiting.length / 2)]!,
      );
      expect(figures.expired).toBeGreaterThan(0);
      expect(figures.sentAfter).toBeGreaterThan(0);
      console.info(`crash test, restarted later: ${JSON.stringify(figures)}`);
    },
    TEST_TIMEOUT_MS,
  );
});
