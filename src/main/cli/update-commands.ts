// `update` commands of the CLI: offline updates (docs/DEPLOY.md).
//   vendor side (no database):  update keygen, update sign
//   site side:                  update trust, update verify, update install
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import pkg from '../../../package.json';
import type { CliCommand } from './types';
import { UsageError } from './types';
import { cliActor, withCore } from './open';
import { generateUpdateKeys, keyFingerprint, signBundle } from '../update/bundle';
import { UpdateService, type Installer } from '../update/update-service';

export const APP_VERSION: string = pkg.version;

function service(core: Parameters<Parameters<typeof withCore>[1]>[0], dbPath: string) {
  return new UpdateService(core.db, core.audit, APP_VERSION, join(dirname(dbPath), 'updates'));
}

/** How this platform installs a payload, or null when a person has to (an AppImage swap). */
export function installCommand(file: string): { command: string; args: string[] } | null {
  switch (extname(file).toLowerCase()) {
    case '.deb':
      return { command: 'dpkg', args: ['-i', file] };
    case '.exe':
      return { command: file, args: ['/S'] }; // NSIS silent install
    default:
      return null;
  }
}

const keygen: CliCommand = async (ctx) => {
  const { values } = parseArgs({ args: ctx.argv, options: { out: { type: 'string' } } });
  if (!values.out) throw new UsageError('update keygen --out PREFIX');
  const keys = generateUpdateKeys();
  writeFileSync(`${values.out}.key.pem`, keys.privateKey, { mode: 0o600, flag: 'wx' });
  writeFileSync(`${values.out}.pub.pem`, keys.publicKey, { flag: 'wx' });
  ctx.io.out(`private key (keep it off the kiosks): ${values.out}.key.pem`);
  ctx.io.out(`public key (for "update trust" on each site): ${values.out}.pub.pem`);
  ctx.io.out(`fingerprint: ${keyFingerprint(keys.publicKey)}`);
  return 0;
};

const signCommand: CliCommand = async (ctx) => {
  const { values, positionals } = parseArgs({
    args: ctx.argv,
    options: {
      key: { type: 'string' },
      version: { type: 'string' },
      out: { type: 'string' },
      notes: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (!values.key || !values.version || !values.out || positionals.length !== 1) {
    throw new UsageError('update sign --key KEY.pem --version X.Y.Z --out DIR PAYLOAD');
  }
  mkdirSync(values.out, { recursive: true });
  const manifest = await signBundle({
    outDir: values.out,
    payloadFile: positionals[0]!,
    version: values.version,
    privateKeyPem: readFileSync(values.key, 'utf8'),
    notes: values.notes,
  });
  ctx.io.out(`signed ${manifest.payload.file} as version ${manifest.version} in ${values.out}`);
  return 0;
};

const trust: CliCommand = async (ctx) => {
  const { positionals } = parseArgs({ args: ctx.argv, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('update trust PUBLIC_KEY.pem');
  const pem = readFileSync(positionals[0]!, 'utf8');
  return withCore(ctx.dbPath, (core) => {
    const fingerprint = service(core, ctx.dbPath).trustKey(pem, cliActor());
    ctx.io.out(`update key set; fingerprint ${fingerprint} (compare it with the vendor's)`);
    return 0;
  });
};

const verifyCommand: CliCommand = async (ctx) => {
  const { positionals } = parseArgs({ args: ctx.argv, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('update verify DIR');
  return withCore(ctx.dbPath, async (core) => {
    const updates = service(core, ctx.dbPath);
    const result = await updates.verify(positionals[0]!);
    if (!result.ok) {
      ctx.io.err(`REFUSED (${result.code}): ${result.message}`);
      return 1;
    }
    ctx.io.out(
      `OK: version ${result.manifest.version} (installed ${updates.currentVersion()}), ` +
        `${result.manifest.payload.file}, signed with the site's update key`,
    );
    return 0;
  });
};

const install: CliCommand = async (ctx) => {
  const { values, positionals } = parseArgs({
    args: ctx.argv,
    options: { apply: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError('update install DIR [--apply]');
  // Without --apply the verified payload is only staged and the command to run is printed.
  const installer: Installer = async (staged) => {
    const step = installCommand(staged);
    if (!values.apply || !step) {
      ctx.io.out(
        step
          ? `staged; to install run: ${[step.command, ...step.args].join(' ')}`
          : `staged; replace the kiosk's AppImage with ${staged} (docs/DEPLOY.md)`,
      );
      return 'staged';
    }
    const run = spawnSync(step.command, step.args, { stdio: 'inherit' });
    if (run.status !== 0)
      throw new Error(`${step.command} exited with ${run.status ?? run.signal}`);
    return 'installed';
  };
  return withCore(ctx.dbPath, async (core) => {
    const result = await service(core, ctx.dbPath).install(positionals[0]!, cliActor(), installer);
    if (!result.ok) {
      ctx.io.err(`REFUSED (${result.code}): ${result.message}`);
      return 1;
    }
    ctx.io.out(
      result.installed
        ? `version ${result.version} installed from ${positionals[0]}`
        : `version ${result.version} verified and staged at ${result.staged}`,
    );
    return 0;
  });
};

export const updateCommands: Record<string, CliCommand> = {
  keygen,
  sign: signCommand,
  trust,
  verify: verifyCommand,
  install,
};
