import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { EmbeddedPostgresServer } from '../../../apps/api/src/persistence/embedded-postgres/embedded-postgres-server';

/** A PostgreSQL server for one test run, and how it was obtained. */
export interface TestPostgresServer {
  kind: 'TEST_DATABASE_URL' | 'testcontainers' | 'embedded-postgres';
  /** A URL with the right to create databases. */
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * Picks the server as DESIGN.md says: TEST_DATABASE_URL if set; Testcontainers when a Docker
 * engine answers; otherwise embedded-postgres, so a bare machine runs every test.
 */
export async function startTestPostgresServer(): Promise<TestPostgresServer> {
  const external = process.env.TEST_DATABASE_URL?.trim();
  if (external)
    return { kind: 'TEST_DATABASE_URL', adminUrl: external, stop: async () => undefined };
  if (await dockerEngineAnswers()) return startContainer();
  return startEmbedded();
}

async function dockerEngineAnswers(): Promise<boolean> {
  // Without a socket or DOCKER_HOST there is nothing to ask; asking would only cost time.
  if (!process.env.DOCKER_HOST && !existsSync('/var/run/docker.sock')) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([
      getContainerRuntimeClient(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 10_000)),
    ]);
    return true;
  } catch {
    return false;
  }
}

async function startContainer(): Promise<TestPostgresServer> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:16-alpine')
    .withCommand([
      'postgres',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ])
    .start();
  return {
    kind: 'testcontainers',
    adminUrl: container.getConnectionUri(),
    stop: async () => {
      await container.stop();
    },
  };
}

async function startEmbedded(): Promise<TestPostgresServer> {
  // Under the system temp directory, which the postgres user can reach when tests run as root.
  const dataDir = await mkdtemp(join(tmpdir(), 'loquent-test-pg-'));
  const server = await EmbeddedPostgresServer.start({
    dataDir,
    password: randomBytes(12).toString('hex'),
    // Throwaway data: trade durability for speed.
    settings: {
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      max_connections: '300',
    },
  });
  return {
    kind: 'embedded-postgres',
    adminUrl: server.url(),
    stop: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
