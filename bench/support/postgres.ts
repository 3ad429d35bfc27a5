import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { EmbeddedPostgresServer } from '../../apps/api/src/persistence/embedded-postgres/embedded-postgres-server';
import { dataSourceOptions, runMigrations } from '../../apps/api/src/persistence/data-source';

export interface StatementCount {
  /** Sum of pg_stat_statements.calls for the database. */
  total: number;
  /** Time PostgreSQL spent executing them (total_exec_time). */
  execMs: number;
  /** The statements by normalised text, most called first. */
  byQuery: { calls: number; execMs: number; maxExecMs: number; query: string }[];
}

/**
 * The PostgreSQL the bench runs on: the embedded one (with pg_stat_statements preloaded), or the
 * server of BENCH_DATABASE_URL, where statement counts are only available if that server has
 * pg_stat_statements loaded.
 */
export class BenchPostgres {
  private readonly databases: string[] = [];

  private constructor(
    readonly kind: 'embedded' | 'BENCH_DATABASE_URL',
    private readonly adminUrl: string,
    readonly version: string,
    /** Whether pg_stat_statements answers, so statements can be counted. */
    readonly countsStatements: boolean,
    private readonly onStop: () => Promise<void>,
  ) {}

  static async start(): Promise<BenchPostgres> {
    const external = process.env.BENCH_DATABASE_URL?.trim();
    if (external) return BenchPostgres.connect('BENCH_DATABASE_URL', external, async () => {});

    // A parent the postgres system user can traverse when the bench runs as root.
    const root = await mkdtemp(join(tmpdir(), 'loquent-bench-pg-'));
    await chmod(root, 0o755);
    const server = await EmbeddedPostgresServer.start({
      dataDir: join(root, 'data'),
      password: randomBytes(12).toString('hex'),
      settings: {
        shared_preload_libraries: 'pg_stat_statements',
        'pg_stat_statements.track': 'top',
        'pg_stat_statements.max': '10000',
        max_connections: '200',
      },
    });
    return BenchPostgres.connect('embedded', server.url(), async () => {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    });
  }

  private static async connect(
    kind: BenchPostgres['kind'],
    adminUrl: string,
    stopServer: () => Promise<void>,
  ): Promise<BenchPostgres> {
    let onStop = stopServer;
    const version = await withClient(adminUrl, async (client) => {
      const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
      return rows[0]!.server_version;
    });
    // Only where the library is preloaded (always in the embedded cluster): never leave an
    // extension behind in a server of BENCH_DATABASE_URL that cannot use it.
    const { countsStatements, created } = await withClient(adminUrl, async (client) => {
      const preload = await client.query<{ shared_preload_libraries: string }>(
        'SHOW shared_preload_libraries',
      );
      if (!/\bpg_stat_statements\b/.test(preload.rows[0]!.shared_preload_libraries)) {
        return { countsStatements: false, created: false };
      }
      try {
        const existing = await client.query(
          "SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'",
        );
        if (existing.rowCount === 0) await client.query('CREATE EXTENSION pg_stat_statements');
        await client.query('SELECT pg_stat_statements_reset()');
        return { countsStatements: true, created: existing.rowCount === 0 };
      } catch {
        return { countsStatements: false, created: false };
      }
    });
    if (created && kind === 'BENCH_DATABASE_URL') {
      const stop = onStop;
      onStop = async () => {
        await withClient(adminUrl, (client) =>
          client.query('DROP EXTENSION IF EXISTS pg_stat_statements'),
        ).catch(() => undefined);
        await stop();
      };
    }
    return new BenchPostgres(kind, adminUrl, version, countsStatements, onStop);
  }

  /** A new database with the API's schema (its migrations), ready for rows. */
  async createDatabase(prefix: string): Promise<string> {
    const name = `${prefix}_${randomBytes(4).toString('hex')}`;
    await withClient(this.adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
    this.databases.push(name);
    const url = withDatabase(this.adminUrl, name);
    const dataSource = new DataSource(dataSourceOptions(url, 2));
    await dataSource.initialize();
    try {
      await runMigrations(dataSource);
    } finally {
      await dataSource.destroy();
    }
    return url;
  }

  /** Forgets every statement counted so far, in every database. */
  async resetStatements(): Promise<void> {
    if (!this.countsStatements) return;
    await withClient(this.adminUrl, (client) => client.query('SELECT pg_stat_statements_reset()'));
  }

  /** Statements run in the database of `url` since the last reset; null when not countable. */
  async statements(url: string): Promise<StatementCount | null> {
    if (!this.countsStatements) return null;
    const database = decodeURIComponent(new URL(url).pathname.slice(1));
    // Read from the admin database, so this query is not counted in the database measured.
    return withClient(this.adminUrl, async (client) => {
      const { rows } = await client.query<{
        calls: string;
        exec_ms: number;
        max_exec_ms: number;
        query: string;
      }>(
        `SELECT s.calls::text AS calls, s.total_exec_time AS exec_ms, s.max_exec_time AS max_exec_ms, s.query
         FROM pg_stat_statements s
         JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = $1 ORDER BY s.calls DESC`,
        [database],
      );
      const byQuery = rows.map((row) => ({
        calls: Number(row.calls),
        execMs: Math.round(row.exec_ms * 100) / 100,
        maxExecMs: Math.round(row.max_exec_ms * 100) / 100,
        query: row.query.replace(/\s+/g, ' ').trim(),
      }));
      return {
        total: byQuery.reduce((sum, row) => sum + row.calls, 0),
        execMs: byQuery.reduce((sum, row) => sum + row.execMs, 0),
        byQuery,
      };
    });
  }

  /** Drops the databases the bench created (on a server of BENCH_DATABASE_URL), then stops. */
  async stop(): Promise<void> {
    if (this.kind === 'BENCH_DATABASE_URL') {
      await withClient(this.adminUrl, async (client) => {
        for (const name of this.databases) {
          await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
        }
      });
    }
    await this.onStop();
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
