import 'reflect-metadata';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { ALL_PERMISSIONS, Permission } from '../auth/permissions';
import { issueToken } from '../auth/token-issuer';
import { openEmbeddedDatabase } from '../bootstrap/embedded-database';
import { persistentSecret } from '../bootstrap/secrets';
import { AppConfig, ConfigurationError, loadConfig } from '../config/app-config';
import { dataSourceOptions, runMigrations } from '../persistence/data-source';
import { OrganizationAdmin } from '../organizations/organization-admin';
import { isUuid } from '../persistence/uuid';

/** Every option of every command; each command says which ones it takes. */
const OPTIONS = {
  name: { type: 'string' },
  org: { type: 'string' },
  permissions: { type: 'string' },
  'expires-in': { type: 'string' },
  default: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** The commands: their help, and the options each takes (any other one is refused). */
const COMMANDS: Record<
  string,
  { usage: string; summary: string; options: readonly (keyof typeof OPTIONS)[] }
> = {
  'org:create': {
    usage: 'org:create --name NAME',
    summary: 'create an organization; prints {"id", "name"}',
    options: ['name'],
  },
  'analyzer:create': {
    usage: 'analyzer:create --org ID --name NAME [--default]',
    summary: 'add an analyzer (default ones go on every bought number)',
    options: ['org', 'name', 'default'],
  },
  'agent:create': {
    usage: 'agent:create --org ID --name NAME',
    summary:
      'add an agent its numbers can be assigned to; prints {"id", "organization_id", "name"}',
    options: ['org', 'name'],
  },
  'token:create': {
    usage: 'token:create --org ID [--permissions A,B] [--expires-in SECONDS|30m|12h|7d]',
    summary:
      'print a bearer token (every permission when --permissions is left out; 24h unless --expires-in)\n' +
      `permissions: ${ALL_PERMISSIONS.join(', ')}`,
    options: ['org', 'permissions', 'expires-in'],
  },
  'migration:run': {
    usage: 'migration:run',
    summary: 'apply pending database migrations',
    options: [],
  },
};

const ENVIRONMENT = `Uses DATABASE_URL and AUTH_JWT_SECRET when set; otherwise the embedded database and the secret
under .data/ (the same ones \`npm start\` uses, even while it runs).`;

function usage(command?: string): string {
  const entry = command ? COMMANDS[command] : undefined;
  if (entry) {
    return `Usage: npm run cli -- ${entry.usage}\n\n${indent(entry.summary)}\n\n${ENVIRONMENT}`;
  }
  const commands = Object.values(COMMANDS)
    .map(({ usage, summary }) => `  ${usage}\n${indent(summary, '      ')}`)
    .join('\n');
  return (
    `Usage: npm run cli -- <command> [options]\n` +
    `       npm run cli -- <command> --help\n\nCommands:\n${commands}\n\n${ENVIRONMENT}`
  );
}

function indent(text: string, prefix = '  '): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

/** Bad input from the user: exit 64 (EX_USAGE) with the usage of `command`. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

async function main(argv: string[]): Promise<void> {
  const first = argv[0];
  const command = first === undefined || first.startsWith('-') ? undefined : first;
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(command === undefined ? argv : argv.slice(1));
  } catch (error) {
    // node:util's parseArgs: an unknown option, a missing value, a stray argument.
    if (String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_')) {
      throw new UsageError((error as Error).message, command);
    }
    throw error;
  }
  const { values, tokens } = parsed;
  if (command !== undefined && !COMMANDS[command]) {
    throw new UsageError(`Unknown command "${command}"`);
  }
  if (values.help) {
    console.log(usage(command));
    return;
  }
  if (command === undefined) throw new UsageError('A command is needed');
  const taken: readonly string[] = COMMANDS[command]!.options;
  const foreign = [
    ...new Set(tokens.flatMap((token) => (token.kind === 'option' ? [token.name] : []))),
  ].filter((name) => !taken.includes(name));
  if (foreign.length > 0) {
    throw new UsageError(
      `${command} does not take ${foreign.map((name) => `--${name}`).join(', ')}`,
      command,
    );
  }
  try {
    await run(command, values);
  } catch (error) {
    if (error instanceof UsageError && error.command === undefined) {
      throw new UsageError(error.message, command);
    }
    throw error;
  }
}

async function run(command: string, values: ReturnType<typeof parse>['values']): Promise<void> {
  const config = loadConfig(process.env);
  switch (command) {
    case 'org:create': {
      const name = required(values.name, '--name');
      const organization = await withDatabase(config, (dataSource) =>
        new OrganizationAdmin(dataSource.manager).createOrganization(name),
      );
      console.log(JSON.stringify(organization));
      return;
    }
    case 'analyzer:create': {
      const org = organizationId(values.org);
      const name = required(values.name, '--name');
      const analyzer = await withDatabase(config, async (dataSource) => {
        await mustExist(dataSource, org);
        return new OrganizationAdmin(dataSource.manager).createAnalyzer(
          org,
          name,
          values.default ?? false,
        );
      });
      console.log(
        JSON.stringify({
          id: analyzer.id,
          organization_id: org,
          name: analyzer.name,
          is_default: analyzer.isDefault,
        }),
      );
      return;
    }
    case 'agent:create': {
      const org = organizationId(values.org);
      const name = required(values.name, '--name');
      const agent = await withDatabase(config, async (dataSource) => {
        await mustExist(dataSource, org);
        return new OrganizationAdmin(dataSource.manager).createAgent(org, name);
      });
      console.log(JSON.stringify({ id: agent.id, organization_id: org, name: agent.name }));
      return;
    }
    case 'token:create': {
      const org = organizationId(values.org);
      const permissions =
        values.permissions === undefined
          ? [...ALL_PERMISSIONS]
          : knownPermissions(values.permissions);
      const expiresInSeconds = duration(values['expires-in'] ?? '24h');
      await withDatabase(config, (dataSource) => mustExist(dataSource, org));
      const secret =
        config.jwtSecret ?? (await persistentSecret(join(config.dataDir, 'jwt-secret')));
      console.log(issueToken(secret, { organizationId: org, permissions, expiresInSeconds }));
      return;
    }
    case 'migration:run': {
      const applied = await withDatabase(config, async (_, appliedNow) => appliedNow);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date');
      return;
    }
    default:
      throw new UsageError(`Unknown command "${command}"`);
  }
}

function parse(args: string[]) {
  return parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false, tokens: true });
}

/** Opens the configured database (or the embedded one, sharing it with a running server), migrated. */
async function withDatabase<T>(
  config: AppConfig,
  work: (dataSource: DataSource, appliedMigrations: string[]) => Promise<T>,
): Promise<T> {
  const embedded = config.databaseUrl
    ? null
    : await openEmbeddedDatabase(config.dataDir, {
        mode: 'attach-or-start',
        log: (line) => console.error(line),
      });
  const dataSource = new DataSource(dataSourceOptions(config.databaseUrl ?? embedded!.url, 2));
  try {
    await dataSource.initialize();
    const applied = await runMigrations(dataSource);
    return await work(dataSource, applied);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
  }
}

async function mustExist(dataSource: DataSource, id: string): Promise<void> {
  if (!(await new OrganizationAdmin(dataSource.manager).findOrganization(id))) {
    throw new UsageError(`No organization ${id}`);
  }
}

function required(value: string | undefined, flag: string): string {
  if (!value?.trim()) throw new UsageError(`${flag} is required`);
  return value;
}

function organizationId(value: string | undefined): string {
  const id = required(value, '--org');
  if (!isUuid(id)) throw new UsageError(`--org must be an organization id (a UUID), got "${id}"`);
  return id;
}

/** A token carries only permissions the API knows: a typo would fail later, silently. */
function knownPermissions(list: string): Permission[] {
  const given = list
    .split(',')
    .map((permission) => permission.trim())
    .filter(Boolean);
  if (given.length === 0) {
    throw new UsageError('--permissions needs at least one permission', 'token:create');
  }
  const unknown = given.filter((permission) => !isPermission(permission));
  if (unknown.length > 0) {
    throw new UsageError(
      `Unknown permission${unknown.length > 1 ? 's' : ''} ${unknown.map((p) => `"${p}"`).join(', ')}. ` +
        `Known permissions: ${ALL_PERMISSIONS.join(', ')}`,
      'token:create',
    );
  }
  return given as Permission[];
}

function isPermission(value: string): value is Permission {
  return (ALL_PERMISSIONS as readonly string[]).includes(value);
}

function duration(value: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(value.trim());
  if (!match)
    throw new UsageError(
      `--expires-in must be seconds or a number with s, m, h or d, got "${value}"`,
    );
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  const seconds = Number(match[1]) * unit;
  if (seconds <= 0) throw new UsageError('--expires-in must be positive');
  return seconds;
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${usage(error.command)}`);
      process.exit(64); // EX_USAGE
    }
    if (error instanceof ConfigurationError) {
      console.error(error.message);
      process.exit(78);
    }
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
