import 'reflect-metadata';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isUuid } from '@loquent/telephony-domain';
import { DataSource } from 'typeorm';
import { ALL_PERMISSIONS } from '../auth/permissions';
import { issueToken } from '../auth/token-issuer';
import { openEmbeddedDatabase } from '../bootstrap/embedded-database';
import { persistentSecret } from '../bootstrap/secrets';
import { AppConfig, ConfigurationError, loadConfig } from '../config/app-config';
import { dataSourceOptions, runMigrations } from '../persistence/data-source';
import { OrganizationAdmin } from '../organizations/organization-admin';

const USAGE = `Usage: npm run cli -- <command> [options]

  org:create --name NAME                        create an organization; prints {"id", "name"}
  analyzer:create --org ID --name NAME [--default]
                                                add an analyzer (default ones go on every bought number)
  agent:create --org ID --name NAME             add an agent its numbers can be assigned to;
                                                prints {"id", "organization_id", "name"}
  token:create --org ID [--permissions A,B] [--expires-in SECONDS|30m|12h|7d]
                                                print a bearer token (every permission when --permissions is left out)
  migration:run                                 apply pending database migrations

Uses DATABASE_URL and AUTH_JWT_SECRET when set; otherwise the embedded database and the secret
under .data/ (the same ones \`npm start\` uses, even while it runs).`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      org: { type: 'string' },
      permissions: { type: 'string' },
      'expires-in': { type: 'string' },
      default: { type: 'boolean', default: false },
    },
    strict: true,
  });
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
      const permissions = values.permissions
        ? values.permissions
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean)
        : [...ALL_PERMISSIONS];
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
      throw new UsageError(command ? `Unknown command "${command}"` : 'A command is needed');
  }
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
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    ) {
      console.error(`${(error as Error).message}\n\n${USAGE}`);
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
