// signin.*: start() to the PDU written to the serial port, and verify(), with 100,000 registered
// workers, the real outbox and ModemDevice, and a zero-latency simulator on MockBinding.
import { performance } from 'node:perf_hooks';
import { MockBinding } from '@serialport/binding-mock';
import { openCoreServices, withEngine } from '../../src/main/services';
import { ModemDevice } from '../../src/main/modem/device';
import { ModemSimulator, SimulatorBinding } from '../../src/main/modem/simulator';
import { createModemOutbox } from '../../src/main/outbox/modem-wiring';
import { startBackgroundCheckpoints } from '../../src/main/db/checkpoint';
import { systemScheduler } from '../../src/main/time';
import { benchPhone, percentile, seedUsers, tempDbPath } from './stats';

export async function benchSignIn(users = 100_000, samples = 2_000) {
  // Opened as the kiosk app opens it (createKioskApp): WAL checkpoints on a timer.
  const core = openCoreServices(tempDbPath(), { backgroundCheckpoints: true });
  const stopCheckpoints = startBackgroundCheckpoints(core.db, systemScheduler);
  core.config.updateSite({ name: 'Bench', defaultCountry: 'FI' }, 'bench');
  core.config.updatePolicy(
    { perKioskHourlyCap: 10_000, perSimDailyCap: 100_000, perNumberSendCap: 20 },
    'bench',
  );
  seedUsers(core.db, users);
  const simulator = new ModemSimulator({ echo: false, latencyMs: 0, networkDelayMs: 0 });
  const binding = new SimulatorBinding();
  binding.plug('/dev/bench0', simulator);
  // The PDU is the one line we write that is not an AT command.
  let onPduWritten: (() => void) | undefined;
  const device = new ModemDevice({
    binding,
    path: '/dev/bench0',
    healthIntervalMs: 0,
    trace: (direction, text) => {
      if (direction === 'tx' && /^[0-9A-F]+/.test(text) && !text.startsWith('AT')) onPduWritten?.();
    },
  });
  await device.open();
  const wired = createModemOutbox({ db: core.db, secret: core.secret, device });
  const { engine } = withEngine(core, { outbound: wired.outbox, minResponseMs: 0 });

  const startMs: number[] = [];
  const verifyMs: number[] = [];
  const pending: Array<{ challengeId: string; to: string }> = [];
  for (let i = 0; i < samples; i++) {
    // Spread over the whole registry so lookups do not hit a warm corner of the index.
    const to = benchPhone(Math.floor((i * users) / samples));
    const written = new Promise<void>((resolve) => (onPduWritten = resolve));
    const delivered = new Promise<void>((resolve) => {
      const onPart = (part: { to: string }) => {
        if (part.to !== to) return;
        simulator.off('part', onPart);
        resolve();
      };
      simulator.on('part', onPart);
    });
    const t0 = performance.now();
    const started = await engine.start({ phone: to, kioskId: 'bench' });
    if (!started.ok) throw new Error(`start failed: ${started.error.code}`);
    await written;
    startMs.push(performance.now() - t0);
    // The next sign-in starts once this message is through, as at a real kiosk.
    await delivered;
    pending.push({ challengeId: started.value.challengeId, to });
  }
  for (const { challengeId, to } of pending) {
    const code = /\d{6}/.exec(simulator.inbox(to).at(-1)!.text)![0];
    const t0 = performance.now();
    const verified = engine.verifyNow({ challengeId, code, kioskId: 'bench' });
    verifyMs.push(performance.now() - t0);
    if (!verified.ok) throw new Error(`verify failed: ${verified.error.code}`);
  }
  await wired.close();
  await device.close();
  stopCheckpoints();
  core.close();
  MockBinding.reset();
  return {
    'signin.startP50': percentile(startMs, 50),
    'signin.startP99': percentile(startMs, 99),
    'signin.verifyP50': percentile(verifyMs, 50),
    'signin.verifyP99': percentile(verifyMs, 99),
  };
}
