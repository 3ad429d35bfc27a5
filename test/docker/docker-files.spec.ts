import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { EnvironmentVariables } from '../../apps/api/src/config/environment';

/**
 * The container files, checked where no Docker engine runs: beside dockerfilelint and dclint
 * (`npm run lint`), that they point at files the build really makes and pass every setting
 * production requires, and nothing the API does not read.
 */
const root = join(__dirname, '..', '..');
const dockerfile = readFileSync(join(root, 'docker', 'Dockerfile'), 'utf8');
const compose = parse(readFileSync(join(root, 'docker', 'compose.yaml'), 'utf8')) as {
  services: Record<string, Record<string, unknown>>;
};
const stages = dockerfile.split(/^FROM /m).slice(1);
const runtime = stages.find((stage) => stage.includes(' AS runtime'))!;

/** What the build stage's `npm run build` turns a source into. */
const built = (dist: string) =>
  join(root, dist.replace(/^dist\/apps\/api\//, 'apps/api/src/').replace(/\.js$/, '.ts'));

describe('docker/Dockerfile', () => {
  it('copies only files that exist in the repository', () => {
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) =>
      m[1]!.split(' '),
    );
    expect(sources.length).toBeGreaterThan(3);
    expect(sources.filter((source) => !existsSync(join(root, source)))).toEqual([]);
  });

  it('runs the built API, as an unprivileged user, with production dependencies only and a health check', () => {
    expect(runtime).toMatch(/^CMD \["node", "dist\/apps\/api\/main\.js"\]$/m);
    expect(existsSync(built('dist/apps/api/main.js'))).toBe(true);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toContain('npm ci --omit=dev --omit=optional');
    expect(runtime).toMatch(/^HEALTHCHECK .*\/health/m);
    expect(runtime).toMatch(/NODE_ENV=production/);
    expect(runtime).toContain('COPY apps/api/public apps/api/public');
  });
});

describe('docker/compose.yaml', () => {
  const { api, migrate, postgres, proxy } = compose.services;

  it('runs PostgreSQL, a one-shot migration, two API replicas and a proxy, in that order', () => {
    expect(postgres).toMatchObject({ healthcheck: expect.any(Object) });
    expect(migrate).toMatchObject({
      command: ['node', 'dist/apps/api/cli/cli.js', 'migration:run'],
      depends_on: { postgres: { condition: 'service_healthy' } },
      restart: 'no',
    });
    expect(existsSync(built('dist/apps/api/cli/cli.js'))).toBe(true);
    expect(api).toMatchObject({
      deploy: { replicas: 2 },
      depends_on: { migrate: { condition: 'service_completed_successfully' } },
    });
    expect(proxy).toMatchObject({ depends_on: { api: { condition: 'service_healthy' } } });
    expect(existsSync(join(root, 'docker', 'nginx.conf'))).toBe(true);
  });

  it('gives the API every setting production requires, and only settings it reads', () => {
    const environment = Object.keys(api!.environment as object);
    // Every variable the environment schema declares (a field on its instances).
    const known = Object.keys(new EnvironmentVariables());
    expect(known.length).toBeGreaterThan(10);

    for (const required of [
      'NODE_ENV',
      'DATABASE_URL',
      'TWILIO_ACCOUNT_SID',
      'TWILIO_AUTH_TOKEN',
      'PUBLIC_BASE_URL',
      'AUTH_JWT_SECRET',
      'CREDENTIALS_ENCRYPTION_KEY',
    ]) {
      expect(environment).toContain(required);
    }
    expect(environment.filter((name) => !known.includes(name))).toEqual([]);
    expect(migrate!.environment).toEqual(api!.environment);
  });

  it("lets a scraper on its network reach each replica's /metrics, and publishes it nowhere", () => {
    const environment = api!.environment as Record<string, unknown>;

    expect(environment).toMatchObject({ METRICS_HOST: '0.0.0.0', METRICS_PORT: 9464 });
    expect(api!.expose).toEqual(['9464']);
    expect(api!.ports).toBeUndefined();
    expect(readFileSync(join(root, 'docker', 'nginx.conf'), 'utf8')).not.toContain('9464');
  });
});
