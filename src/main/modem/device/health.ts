// What the modem panel and the outbox need to know: SIM, registration, operator, signal, SMSC,
// and whether it can send, with the reason in words for a site manager when it cannot.
import type { Clock } from '../../time';
import type { AtChannel } from '../channel';
import * as at from '../commands';
import { ModemErrorCode } from '../errors';
import type { SimPin } from './sim';
import type { ModemHealth, ModemProblem } from './types';

export async function readHealth(
  channel: AtChannel,
  sim: SimPin,
  clock: Clock,
): Promise<ModemHealth> {
  let simState = await sim.read(channel);
  // A SIM can ask for its PIN again while the modem stays connected (a SIM refresh, a modem
  // reset behind a USB hub): enter the configured PIN here too, not only at start-up.
  if (simState === 'pin-required' && sim.canUnlock) {
    await sim.unlock(channel).catch(() => undefined);
    simState = await sim.read(channel);
  }
  const optional = (command: string) => channel.run(command).catch(() => undefined);
  const registrations: at.Registration[] = [];
  let registeredAct: number | undefined;
  for (const q of at.registrationQueries) {
    const r = await optional(q);
    const status = r?.lines.map((l) => at.parseRegistration(l)).find((s) => s !== undefined);
    if (status) registrations.push(status.registration);
    const on = status?.registration === 'home' || status?.registration === 'roaming';
    if (on && status.act !== undefined && registeredAct === undefined) registeredAct = status.act;
  }
  const registration = at.bestRegistration(registrations);
  const cops = await optional(at.copsQuery);
  const csq = await optional(at.csqQuery);
  const csca = await optional(at.cscaQuery);
  const signal = csq ? at.parseCsq(csq.lines) : undefined;
  const copsInfo = cops ? at.parseCops(cops.lines) : undefined;
  const operator = copsInfo?.name;
  const radio = at.radioGeneration(copsInfo?.act ?? registeredAct);
  const smsc = csca ? at.parseCsca(csca.lines)?.number : undefined;
  const problem = problemFor(simState, registration);
  return {
    checkedAt: clock.now(),
    connected: true,
    sim: simState,
    registration,
    operator,
    signal,
    signalDbm: signal?.dbm ?? null,
    smsc,
    canSend: problem === undefined,
    problem,
    radio,
    warning: radio === '2G' && problem === undefined ? TWO_G_WARNING : undefined,
  };
}

// Texts still work on 2G, but operators are switching 2G off: a modem on 2G (fallen back, or
// 2G-only) is worth replacing before it goes silent.
const TWO_G_WARNING = {
  code: 'radio_2g',
  message:
    'The modem is connected over 2G (GSM). Text messages still work, but operators are switching 2G off: plan for a 4G modem, and check the antenna and the SIM plan if it should be on 4G.',
} as const;

export function problemFor(
  sim: ModemHealth['sim'],
  registration: at.Registration,
): ModemProblem | undefined {
  switch (sim) {
    case 'ready':
      break;
    case 'pin-required':
    case 'pin2-required':
      return { code: ModemErrorCode.SimLocked, message: 'The SIM card needs its PIN' };
    case 'puk-required':
    case 'puk2-required':
      return {
        code: ModemErrorCode.SimLocked,
        message: 'The SIM card is blocked and needs its PUK',
      };
    case 'phone-lock':
      return { code: ModemErrorCode.SimLocked, message: 'The modem is locked to another SIM' };
    case 'not-inserted':
      return { code: ModemErrorCode.SimMissing, message: 'There is no SIM card in the modem' };
    default:
      return { code: ModemErrorCode.SimMissing, message: 'The SIM card cannot be read' };
  }
  switch (registration) {
    case 'home':
    case 'roaming':
      return undefined;
    case 'searching':
      return { code: ModemErrorCode.NoNetwork, message: 'No mobile network (still searching)' };
    case 'denied':
      return { code: ModemErrorCode.NoNetwork, message: 'The mobile network refused this SIM' };
    default:
      return { code: ModemErrorCode.NoNetwork, message: 'No mobile network' };
  }
}

export function disconnectedHealth(now: number): ModemHealth {
  return {
    checkedAt: now,
    connected: false,
    sim: 'unknown',
    registration: 'unknown',
    signalDbm: null,
    canSend: false,
    problem: { code: ModemErrorCode.NotConnected, message: 'The modem is not connected' },
  };
}
