// Serves a simulated modem on a pseudo-terminal, so the driver talks to it through a real serial
// device node (integration tests, `modem simulate`, the demo). socat makes the pty and links it
// at a stable path; the simulator talks to socat over its stdin/stdout. Unplugging kills socat,
// which makes the pty vanish exactly like a USB modem does; replugging starts a new one.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { ModemSimulator } from './simulator';

export interface PtyServerOptions {
  /** Where the pty is linked, e.g. /tmp/kiosk-modem. */
  link: string;
  socatPath?: string;
  /** Longest wait for socat to create the pty. */
  startTimeoutMs?: number;
}

export interface PtyServer {
  readonly link: string;
  /** The /dev/pts/N behind the link (changes after a replug). */
  readonly ptyPath: string;
  /**
   * Kills socat (the port vanishes) and marks the simulator unplugged; resolves once socat has
   * exited and removed the link, also when the simulator's unplug knob started it.
   */
  unplug(): Promise<void>;
  /** Starts a fresh pty at the same link and reboots the simulator. */
  replug(): Promise<void>;
  /** Stops serving; the link is removed. */
  stop(): Promise<void>;
}

interface Running {
  child: ChildProcessWithoutNullStreams;
  ptyPath: string;
  exited: Promise<void>;
}

function startSocat(
  simulator: ModemSimulator,
  options: PtyServerOptions,
  onUnexpectedExit: () => void,
): Promise<Running> {
  const child = spawn(
    options.socatPath ?? 'socat',
    ['-d', '-d', `PTY,link=${options.link},raw,echo=0`, 'STDIO'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let exitedResolve!: () => void;
  const exited = new Promise<void>((resolve) => (exitedResolve = resolve));
  let stopping = false;
  child.on('exit', () => {
    exitedResolve();
    if (!stopping) onUnexpectedExit();
  });
  const markStopping = () => {
    stopping = true;
  };
  return new Promise<Running>((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`socat did not create a pty in time: ${stderr.trim()}`));
    }, options.startTimeoutMs ?? 5_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(
        new Error(`Could not start socat (${error.message}); install it: apt-get install socat`),
      );
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const ready = /PTY is (\S+)[\s\S]*starting data transfer loop/.exec(stderr);
      if (ready && timer) {
        clearTimeout(timer);
        simulator.attach({ write: (data) => void child.stdin.write(data) });
        child.stdout.on('data', (data: Buffer) => simulator.receive(data));
        const running: Running & { markStopping: () => void } = {
          child,
          ptyPath: ready[1]!,
          exited,
          markStopping,
        };
        resolve(running);
        stderr = '';
      }
    });
    child.stdin.on('error', () => undefined);
  });
}

async function stopSocat(running: Running): Promise<void> {
  (running as Running & { markStopping?: () => void }).markStopping?.();
  if (running.child.exitCode === null && running.child.signalCode === null) {
    running.child.kill('SIGTERM');
  }
  await running.exited;
}

export async function servePty(
  simulator: ModemSimulator,
  options: PtyServerOptions,
): Promise<PtyServer> {
  let running: Running | undefined;
  let stopped = false;
  const onUnexpectedExit = () => {
    running = undefined;
    if (!simulator.isUnplugged) simulator.unplug();
  };
  running = await startSocat(simulator, options, onUnexpectedExit);

  // One unplug at a time: a caller that arrives while the simulator's own knob is pulling the
  // plug waits for the same socat exit, so "unplugged" always means the port node is gone.
  let unplugging: Promise<void> | undefined;
  const unplug = (): Promise<void> => {
    if (unplugging) return unplugging;
    const current = running;
    running = undefined;
    simulator.detach();
    if (!simulator.isUnplugged) simulator.unplug();
    if (!current) return Promise.resolve();
    unplugging = stopSocat(current).finally(() => (unplugging = undefined));
    return unplugging;
  };
  // The unplug knob (unplugDuringNextSend) pulls the plug from inside the simulator.
  const onSimulatorUnplug = () => {
    if (running) void unplug();
  };
  simulator.on('unplug', onSimulatorUnplug);

  return {
    link: options.link,
    get ptyPath() {
      return running?.ptyPath ?? '';
    },
    unplug,
    async replug() {
      if (stopped) throw new Error('The pty server was stopped');
      // The old socat removes the link as it exits: let it finish before the new one makes it.
      await unplugging;
      if (running) return;
      simulator.replug();
      running = await startSocat(simulator, options, onUnexpectedExit);
    },
    async stop() {
      stopped = true;
      simulator.off('unplug', onSimulatorUnplug);
      const current = running;
      running = undefined;
      simulator.detach();
      if (current) await stopSocat(current);
      await unplugging;
    },
  };
}
