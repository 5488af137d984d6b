// `modem list | info | send | read | ussd | balance | simulate`: the modem driver and simulator from the command line.
// The serialport binding is injectable so tests can run these in-process against a simulator.
import { parseArgs } from 'node:util';
import type { BindingInterface } from '@serialport/bindings-interface';
import type { CliCommand, CliIo } from './types';
import { UsageError } from './types';
import { ModemDevice, discoverModems, type SendMode } from '../modem/device';
import { ModemError } from '../modem/errors';
import { listPorts } from '../modem/port-list';
import {
  ModemSimulator,
  type PromptVariant,
  type SimulatedError,
  type SimulatorProfile,
} from '../modem/simulator';
import { servePty } from '../modem/pty';
import { storedView } from './stored-view';
import { cliActor, withCore } from './open';
import { deleteSetting, readSetting, writeSetting } from '../db/settings';
import { balanceSettingsSchema } from '../modem/balance';
import { MODEM_BALANCE_SETTING } from '../modem-host';

export interface ModemCommandDeps {
  /** Defaults to serialport's native binding (loaded on first use). */
  binding?: () => Promise<BindingInterface>;
  /** Ends `modem simulate`; defaults to SIGINT/SIGTERM. */
  stopSignal?: AbortSignal;
  /** Called once the simulator serves (tests use it to reach the simulator). */
  onSimulatorReady?: (simulator: ModemSimulator) => void;
}

async function nativeBinding(): Promise<BindingInterface> {
  const { SerialPort } = await import('serialport');
  return SerialPort.binding as unknown as BindingInterface;
}

function int(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} needs a whole number`);
  return n;
}

function failure(io: CliIo, json: boolean, error: unknown): number {
  const e =
    error instanceof ModemError
      ? error
      : new ModemError('PROTOCOL', error instanceof Error ? error.message : String(error), {
          temporary: true,
        });
  if (json) {
    io.out(
      JSON.stringify({
        ok: false,
        error: { code: e.code, message: e.message, temporary: e.temporary, cms: e.cms, cme: e.cme },
        referencesSent: e.referencesSent ?? [],
      }),
    );
  } else io.err(e.message);
  return 1;
}

export function createModemCommands(
  deps: ModemCommandDeps = {},
): Record<'list' | 'info' | 'send' | 'read' | 'ussd' | 'balance' | 'simulate', CliCommand> {
  const getBinding = deps.binding ?? nativeBinding;

  const openDevice = async (
    port: string,
    baud: number | undefined,
    mode?: SendMode,
    handleInbound = true,
  ) => {
    const device = new ModemDevice({
      binding: await getBinding(),
      path: port,
      baudRate: baud,
      mode,
      healthIntervalMs: 0,
      reconnect: { enabled: false },
      handleInbound,
    });
    await device.open();
    return device;
  };

  /** Opens the modem, runs `work` and always closes it; a failure is reported, never thrown. */
  const withDevice = async (
    io: CliIo,
    json: boolean,
    open: () => Promise<ModemDevice>,
    work: (device: ModemDevice) => Promise<number>,
  ): Promise<number> => {
    let device: ModemDevice | undefined;
    try {
      device = await open();
      return await work(device);
    } catch (error) {
      return failure(io, json, error);
    } finally {
      await device?.close();
    }
  };

  return {
    async list({ argv, io }) {
      const { values } = parseArgs({
        args: argv,
        options: {
          json: { type: 'boolean' },
          'no-probe': { type: 'boolean' },
          baud: { type: 'string' },
          'probe-timeout': { type: 'string' },
        },
      });
      const binding = await getBinding();
      const ports = await listPorts(binding);
      const baud = int(values.baud, 'baud');
      const modems = values['no-probe']
        ? []
        : await discoverModems({
            binding,
            baudRates: baud ? [baud] : undefined,
            probeTimeoutMs: int(values['probe-timeout'], 'probe-timeout'),
          });
      const rows = ports.map((p) => {
        const m = modems.find((x) => x.path === p.path);
        return {
          path: p.path,
          manufacturer: p.manufacturer,
          vendorId: p.vendorId,
          productId: p.productId,
          modem: m ? { baudRate: m.baudRate, manufacturer: m.manufacturer, model: m.model } : null,
        };
      });
      if (values.json) io.out(JSON.stringify(rows));
      else if (rows.length === 0) io.out('No serial ports found.');
      else {
        for (const r of rows) {
          const what = r.modem
            ? `modem: ${[r.modem.manufacturer, r.modem.model].filter(Boolean).join(' ')}`
            : values['no-probe']
              ? ''
              : 'no modem answers';
          io.out(`${r.path}  ${r.manufacturer ?? ''}  ${what}`.replace(/\s+$/, ''));
        }
      }
      return 0;
    },

    async info({ argv, io }) {
      const { values } = parseArgs({
        args: argv,
        options: {
          port: { type: 'string' },
          baud: { type: 'string' },
          json: { type: 'boolean' },
        },
      });
      const { port } = values;
      if (!port) throw new UsageError('modem info needs --port');
      return withDevice(
        io,
        values.json ?? false,
        () => openDevice(port, int(values.baud, 'baud')),
        async (device) => {
          const health = device.health ?? (await device.checkHealth());
          if (values.json) io.out(JSON.stringify({ info: device.info, health }));
          else {
            const i = device.info!;
            io.out(`Port:       ${i.path} @ ${i.baudRate}`);
            io.out(
              `Modem:      ${[i.manufacturer, i.model, i.revision].filter(Boolean).join(' ')}`,
            );
            io.out(`IMEI:       ${i.imei ?? '-'}`);
            io.out(`SIM:        ${health.sim}${i.imsi ? ` (IMSI ${i.imsi})` : ''}`);
            io.out(
              `Network:    ${health.registration}${health.operator ? `, ${health.operator}` : ''}`,
            );
            io.out(
              `Signal:     ${health.signalDbm === null ? 'unknown' : `${health.signalDbm} dBm (${health.signal?.bars ?? 0}/5)`}`,
            );
            io.out(`SMSC:       ${health.smsc ?? '-'}`);
            io.out(`Mode:       ${i.pduMode ? 'PDU' : 'text only'}; reports ${i.statusReports}`);
            io.out(`Can send:   ${health.canSend ? 'yes' : `no: ${health.problem?.message}`}`);
          }
          return health.canSend ? 0 : 1;
        },
      );
    },

    async send({ argv, io }) {
      const { values } = parseArgs({
        args: argv,
        options: {
          port: { type: 'string' },
          to: { type: 'string' },
          text: { type: 'string' },
          mode: { type: 'string' },
          baud: { type: 'string' },
          json: { type: 'boolean' },
        },
      });
      const { port, to, text } = values;
      if (!port || !to || text === undefined) {
        throw new UsageError('modem send needs --port, --to and --text');
      }
      if (values.mode !== undefined && values.mode !== 'pdu' && values.mode !== 'text') {
        throw new UsageError('--mode is pdu or text');
      }
      const mode = values.mode as SendMode | undefined;
      return withDevice(
        io,
        values.json ?? false,
        () => openDevice(port, int(values.baud, 'baud'), mode),
        async (device) => {
          const result = await device.sendSms(to, text, { mode });
          if (values.json) io.out(JSON.stringify({ ok: true, ...result }));
          else {
            io.out(
              `Sent to ${result.to} in ${result.references.length} part(s); message references: ${result.references.join(', ')}`,
            );
          }
          return 0;
        },
      );
    },

    async read({ argv, io }) {
      const { values } = parseArgs({
        args: argv,
        options: {
          port: { type: 'string' },
          baud: { type: 'string' },
          json: { type: 'boolean' },
          delete: { type: 'boolean' },
        },
      });
      const { port } = values;
      if (!port) throw new UsageError('modem read needs --port');
      // The driver must not hand on or delete anything by itself: looking changes nothing.
      return withDevice(
        io,
        values.json ?? false,
        () => openDevice(port, int(values.baud, 'baud'), undefined, false),
        async (device) => {
          const entries = await device.listStored();
          const view = storedView(entries);
          // Messages saved to send are not the SIM's received texts: never deleted from here.
          const deletable = entries
            .filter((e) => e.message.kind !== 'stored-outgoing')
            .map((e) => e.index);
          const deleted = values.delete ? await device.deleteStored(deletable) : [];
          if (values.json) {
            io.out(JSON.stringify({ ok: true, texts: view.texts, other: view.other, deleted }));
          } else {
            if (view.texts.length === 0) io.out('No received texts on the SIM.');
            for (const t of view.texts) {
              const parts =
                t.parts > 1
                  ? `, ${t.parts} parts${t.complete ? '' : `, only ${t.indexes.length} on the SIM`}`
                  : '';
              io.out(
                `[${t.indexes.join(',')}] from ${t.from}${t.time ? ` at ${t.time}` : ''}${parts}:`,
              );
              io.out(`    ${t.text.replace(/\n/g, '\n    ')}`);
            }
            for (const o of view.other) io.out(`[${o.index}] ${o.detail}`);
            if (values.delete) io.out(`Deleted ${deleted.length} message(s) from the SIM.`);
          }
          return 0;
        },
      );
    },

    async ussd({ argv, io }) {
      const { values } = parseArgs({
        args: argv,
        options: {
          port: { type: 'string' },
          code: { type: 'string' },
          baud: { type: 'string' },
          timeout: { type: 'string' },
          json: { type: 'boolean' },
        },
      });
      const { port, code } = values;
      if (!port || !code) throw new UsageError('modem ussd needs --port and --code');
      const timeout = int(values.timeout, 'timeout');
      return withDevice(
        io,
        values.json ?? false,
        () => openDevice(port, int(values.baud, 'baud'), undefined, false),
        async (device) => {
          const reply = await device.ussd(code, timeout === undefined ? undefined : timeout * 1000);
          if (values.json) io.out(JSON.stringify({ ok: true, ...reply }));
          else {
            io.out(reply.text ?? '(the network answered without text)');
            if (reply.status === 'action-required') {
              io.out('(The network offered a menu; the session was ended.)');
            }
          }
          return 0;
        },
      );
    },

    /** Shows or sets the scheduled balance check (kiosk-local settings; the app reads them at start). */
    async balance({ argv, io, dbPath }) {
      const { values } = parseArgs({
        args: argv,
        options: {
          code: { type: 'string' },
          'low-below': { type: 'string' },
          pattern: { type: 'string' },
          'every-minutes': { type: 'string' },
          off: { type: 'boolean' },
        },
      });
      const setting = values.code !== undefined || values.off;
      return withCore(dbPath, (core) => {
        if (!setting) {
          io.out(readSetting(core.db, MODEM_BALANCE_SETTING) ?? 'No balance check is set.');
          return 0;
        }
        const previous = readSetting(core.db, MODEM_BALANCE_SETTING) ?? null;
        let value: string | null = null;
        if (!values.off) {
          const lowBelow = Number(values['low-below']);
          const parsed = balanceSettingsSchema.safeParse({
            code: values.code,
            lowBelow: values['low-below'] === undefined ? undefined : lowBelow,
            ...(values.pattern !== undefined && { pattern: values.pattern }),
            ...(values['every-minutes'] !== undefined && {
              intervalMinutes: Number(values['every-minutes']),
            }),
          });
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            throw new UsageError(
              `modem balance: ${issue?.path.join('.') || 'settings'}: ${issue?.message ?? 'not valid'}`,
            );
          }
          value = JSON.stringify(parsed.data);
        }
        core.db.transaction(() => {
          if (value === null) {
            deleteSetting(core.db, MODEM_BALANCE_SETTING);
          } else writeSetting(core.db, MODEM_BALANCE_SETTING, value);
          core.audit.append({
            actor: cliActor(),
            action: 'modem.balance',
            target: 'setting:modem.balance',
            details: { previous, current: value },
          });
        })();
        io.out(
          value === null
            ? 'The balance check is off.'
            : `${value}\nThe kiosk uses it from its next start.`,
        );
        return 0;
      });
    },

    async simulate({ argv, io }) {
      const { values } = parseArgs({
        args: argv,
        options: {
          link: { type: 'string' },
          pin: { type: 'string' },
          'no-echo': { type: 'boolean' },
          prompt: { type: 'string' },
          'double-cr': { type: 'boolean' },
          latency: { type: 'string' },
          'network-delay': { type: 'string' },
          'no-network': { type: 'boolean' },
          'no-sim': { type: 'boolean' },
          'missing-ok': { type: 'boolean' },
          'text-only': { type: 'boolean' },
          reports: { type: 'string' },
          'report-delay': { type: 'string' },
          'fail-next': { type: 'string', multiple: true },
          'unplug-during-send': { type: 'string' },
          'sms-on-sim': { type: 'string', multiple: true },
          ussd: { type: 'string', multiple: true },
          'no-ussd': { type: 'boolean' },
        },
      });
      if (!values.link) throw new UsageError('modem simulate needs --link PATH');
      // --sms-on-sim FROM=TEXT: texts waiting on the SIM; --ussd CODE=FORMAT:TEXT, FORMAT one
      // of text, ucs2-hex, gsm7-hex: how the network answers that code.
      const onSim = (values['sms-on-sim'] ?? []).map((spec) => {
        const at = spec.indexOf('=');
        if (at <= 0) throw new UsageError('--sms-on-sim is FROM=TEXT');
        return { from: spec.slice(0, at), text: spec.slice(at + 1) };
      });
      const ussdReplies: SimulatorProfile['ussdReplies'] = {};
      for (const spec of values.ussd ?? []) {
        const m = /^([0-9*#+]+)=(text|ucs2-hex|gsm7-hex):(.*)$/s.exec(spec);
        if (!m) throw new UsageError('--ussd is CODE=text|ucs2-hex|gsm7-hex:TEXT');
        ussdReplies[m[1]!] = { format: m[2] as 'text' | 'ucs2-hex' | 'gsm7-hex', text: m[3]! };
      }
      const prompts: Record<string, PromptVariant> = {
        'gt-space': '> ',
        gt: '>',
        'gt-crlf': '>\r\n',
      };
      if (values.prompt !== undefined && !prompts[values.prompt]) {
        throw new UsageError('--prompt is gt-space, gt or gt-crlf');
      }
      if (values.reports !== undefined && !['cds', 'cdsi', 'none'].includes(values.reports)) {
        throw new UsageError('--reports is cds, cdsi or none');
      }
      const unplugWhen = values['unplug-during-send'];
      if (
        unplugWhen !== undefined &&
        unplugWhen !== 'after-prompt' &&
        unplugWhen !== 'after-payload'
      ) {
        throw new UsageError('--unplug-during-send is after-prompt or after-payload');
      }
      const failures: SimulatedError[] = (values['fail-next'] ?? []).map((spec) => {
        const m = /^(CMS|CME):(\d+)$/i.exec(spec);
        if (spec.toUpperCase() === 'ERROR') return 'ERROR';
        if (!m) throw new UsageError('--fail-next is CMS:n, CME:n or ERROR');
        return m[1]!.toUpperCase() === 'CMS' ? { cms: Number(m[2]) } : { cme: Number(m[2]) };
      });
      const profile: Partial<SimulatorProfile> = {
        pin: values.pin,
        echo: !values['no-echo'],
        prompt: values.prompt ? prompts[values.prompt] : undefined,
        lineEnding: values['double-cr'] ? '\r\r\n' : '\r\n',
        latencyMs: int(values.latency, 'latency') ?? 0,
        networkDelayMs: int(values['network-delay'], 'network-delay') ?? 0,
        network: values['no-network'] ? 'none' : 'home',
        simInserted: !values['no-sim'],
        missingOkAfterCpin: values['missing-ok'] ?? false,
        pduMode: !values['text-only'],
        cnmi: (values.reports as SimulatorProfile['cnmi'] | undefined) ?? 'cds',
        autoStatusReportMs:
          values.reports === 'none'
            ? undefined
            : (int(values['report-delay'], 'report-delay') ?? 1000),
        ussd: values['no-ussd'] ? 'error' : undefined,
        ussdReplies: Object.keys(ussdReplies).length > 0 ? ussdReplies : undefined,
      };
      for (const key of Object.keys(profile) as (keyof SimulatorProfile)[]) {
        if (profile[key] === undefined) delete profile[key];
      }
      const simulator = new ModemSimulator(profile);
      simulator.failNextSends(failures);
      for (const sms of onSim) simulator.storeOnSim(sms.from, sms.text);
      if (unplugWhen) simulator.unplugDuringNextSend(unplugWhen);
      simulator.on('message', (m) => {
        io.out(
          `[${new Date(m.receivedAt).toISOString()}] to ${m.to} (${m.parts} part(s), ${m.encoding}, refs ${m.references.join(',')}): ${m.text}`,
        );
      });
      const server = await servePty(simulator, { link: values.link });
      io.out(`Simulated modem on ${values.link} (${server.ptyPath}); Ctrl-C to stop.`);
      simulator.on('unplug', () => io.out('The simulated modem was unplugged.'));
      deps.onSimulatorReady?.(simulator);

      await new Promise<void>((resolve) => {
        const signal = deps.stopSignal;
        if (signal) {
          if (signal.aborted) return resolve();
          signal.addEventListener('abort', () => resolve(), { once: true });
          return;
        }
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.stop();
      io.out(`Stopped. ${simulator.inbox().length} message(s) received.`);
      return 0;
    },
  };
}

export const modemCommands = createModemCommands();
