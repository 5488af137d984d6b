// The admin and modem command-line tool: `npm run -s cli -- <group> <command> [options]`.
// It opens the same services as the app, without Electron.
import type { CliCommand, CliIo } from './types';
import { UsageError } from './types';
import { usersCommands } from './users-commands';
import { dbCommands, logsCommands, policyCommands, siteCommands } from './admin-commands';
import { defaultDbPath } from '../services';

const USAGE = `Usage: npm run -s cli -- [--db PATH] <command>

  users add --employee-id ID --name NAME [--phone NUMBER] [--role worker|manager]
            [--language en|fi|es|sv] [--group NAME]... [--disabled] [--json]
  users list [--json] [--search TEXT] [--status active|disabled]
  users set-phone EMPLOYEE_ID NUMBER | users set-phone EMPLOYEE_ID --clear
  users disable EMPLOYEE_ID [--force] | users enable EMPLOYEE_ID
  users unlock EMPLOYEE_ID [--factor sms|pin|all]   (the SMS code lock by default)
  users set-role EMPLOYEE_ID worker|manager [--force]
  users unlock-enrolment [--kiosk ID]   (self-registration locked by wrong enrolment codes)
  users import FILE.csv [--dry-run] [--json] [--force]     (columns: docs/STAFF-CSV.md)
            (--force: allow leaving the site with no active manager, with a warning)
  users export [FILE]
  logs export [FILE] [--audit] [--from DATE] [--to DATE]
  db check [--json]
  site show | site set [--name NAME] [--country FI] [--time-zone Europe/Helsinki]
  policy show | policy set KEY=VALUE ...
  modem list | modem info --port P | modem send --port P --to NUMBER --text TEXT
  modem read --port P [--json] [--delete]       (texts on the SIM; deletes only with --delete)
  modem ussd --port P --code CODE [--json]     (for example *100#: the balance)
  modem balance [--code CODE --low-below N [--pattern REGEX] [--every-minutes M] | --off]
  modem simulate --link PATH [--sms-on-sim FROM=TEXT]... [--ussd CODE=text|ucs2-hex|gsm7-hex:TEXT]...
                 [--no-ussd]
  modem identity [--json] | modem confirm-identity --port P [--json]
            (accept a changed modem or SIM: texts to the kiosk count for sign-in again)
  update keygen --out PREFIX                       (vendor: Ed25519 key pair)
  update sign --key KEY.pem --version X.Y.Z --out DIR PAYLOAD   (vendor: make a bundle)
  update trust PUBLIC_KEY.pem | update verify DIR | update install DIR [--apply]

--db PATH   the database (default: the app's own, ${defaultDbPath()}; or $KIOSK_DB)`;

type Groups = Record<
  string,
  Record<string, CliCommand> | (() => Promise<Record<string, CliCommand>>)
>;

const GROUPS: Groups = {
  users: usersCommands,
  logs: logsCommands,
  db: dbCommands,
  site: siteCommands,
  policy: policyCommands,
  update: async () => (await import('./update-commands')).updateCommands,
  // Loaded on demand: serialport's native addon is not needed for registry work.
  modem: async () => ({
    ...(await import('./modem-commands')).modemCommands,
    ...(await import('./modem-identity-commands')).modemIdentityCommands,
  }),
};

/** Runs one CLI invocation; returns the exit code. Used by the bin script and by tests. */
export async function runCli(
  argv: string[],
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const rest = [...argv];
  let dbPath = defaultDbPath(env);
  const dbIndex = rest.findIndex((a) => a === '--db' || a.startsWith('--db='));
  if (dbIndex >= 0) {
    const arg = rest[dbIndex]!;
    const value = arg.includes('=') ? arg.slice(5) : rest[dbIndex + 1];
    if (!value) {
      io.err('--db needs a path');
      return 2;
    }
    rest.splice(dbIndex, arg.includes('=') ? 1 : 2);
    dbPath = value;
  }
  const [groupName, commandName, ...commandArgs] = rest;
  if (!groupName || groupName === 'help' || groupName === '--help' || groupName === '-h') {
    io.out(USAGE);
    return groupName ? 0 : 2;
  }
  const group = GROUPS[groupName];
  const commands = typeof group === 'function' ? await group() : group;
  const command = commands && commandName ? commands[commandName] : undefined;
  if (!command) {
    io.err(`Unknown command "${[groupName, commandName].filter(Boolean).join(' ')}".\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command({ argv: commandArgs, io, dbPath });
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      io.err(`${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    // Domain errors (RegistryError, DbError, ConfigError, ModemError) carry a message meant for people.
    io.err(`Error: ${(error as Error).message}`);
    if (env.KIOSK_DEBUG) io.err((error as Error).stack ?? '');
    return 1;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // runCli answers every known error itself; anything else still ends with a message and 1.
      process.stderr.write(`Error: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
