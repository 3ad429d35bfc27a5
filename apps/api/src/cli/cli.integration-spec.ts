import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { createTestDatabase, TestDatabase } from '../../../../test/support/postgres/test-database';
import { REPOSITORY_ROOT } from '../../../../test/support/process/api-process';
import { ALL_PERMISSIONS } from '../auth/permissions';

/** `npm run cli -- …` runs this file, built by the test run's global setup. */
const CLI = join(REPOSITORY_ROOT, 'dist', 'apps', 'api', 'cli', 'cli.js');
const EX_USAGE = 64;

let database: TestDatabase;
const secret = randomBytes(32).toString('hex');

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(() => database?.drop());

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: REPOSITORY_ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: database.url, AUTH_JWT_SECRET: secret },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function createOrganization(): Promise<string> {
  const { code, stdout } = await cli('org:create', '--name', 'Acme');
  expect(code).toBe(0);
  return (JSON.parse(stdout) as { id: string }).id;
}

describe('npm run cli -- --help', () => {
  it('lists every command with its options, and exits 0', async () => {
    const { code, stdout } = await cli('--help');

    expect(code).toBe(0);
    for (const command of ['org:create', 'analyzer:create', 'token:create', 'migration:run']) {
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    expect(stdout).toContain('npm run cli -- <command> --help');
  });

  it('gives the usage of one command, with the permissions a token may carry', async () => {
    const { code, stdout } = await cli('token:create', '--help');

    expect(code).toBe(0);
    expect(stdout).toContain('Usage: npm run cli -- token:create --org ID [--permissions A,B]');
    for (const permission of ALL_PERMISSIONS) expect(stdout).toContain(permission);
    expect(stdout).not.toContain('org:create');
  });
});

describe('npm run cli with bad input', () => {
  it.each([
    ['no command', []],
    ['an unknown command', ['org:delete']],
    ['help for an unknown command', ['org:delete', '--help']],
  ])('exits 64 with the usage of every command for %s', async (_what, args) => {
    const { code, stdout, stderr } = await cli(...args);

    expect(code).toBe(EX_USAGE);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^(A command is needed|Unknown command "org:delete")\n/);
    expect(stderr).toContain('Commands:\n  org:create --name NAME');
  });

  it.each([
    ['an unknown option', ['org:create', '--name', 'Acme', '--colour', 'red'], /Unknown option/],
    ['an option without its value', ['org:create', '--name'], /argument missing/],
    ['a stray argument', ['org:create', 'Acme'], /Unexpected argument 'Acme'/],
    [
      "another command's option",
      ['org:create', '--name', 'Acme', '--permissions', 'Phone:Instance:View'],
      /org:create does not take --permissions/,
    ],
    ['a missing required option', ['org:create'], /--name is required/],
  ])('exits 64 with the usage of the command for %s', async (_what, args, message) => {
    const { code, stderr } = await cli(...args);

    expect(code).toBe(EX_USAGE);
    expect(stderr).toMatch(message);
    expect(stderr).toContain('Usage: npm run cli -- org:create --name NAME');
    expect(stderr).not.toContain('Commands:');
  });
});

describe('npm run cli -- token:create', () => {
  it('issues a token with the permissions asked for', async () => {
    const org = await createOrganization();

    const { code, stdout } = await cli(
      'token:create',
      '--org',
      org,
      '--permissions',
      'Phone:Collection:List, Phone:Instance:View',
    );

    expect(code).toBe(0);
    expect(new JwtService().verify(stdout.trim(), { secret })).toMatchObject({
      org,
      permissions: ['Phone:Collection:List', 'Phone:Instance:View'],
    });
  });

  it('issues a token with every permission when none are named', async () => {
    const org = await createOrganization();

    const { code, stdout } = await cli('token:create', '--org', org);

    expect(code).toBe(0);
    expect(new JwtService().verify(stdout.trim(), { secret }).permissions).toEqual(ALL_PERMISSIONS);
  });

  it.each([
    [
      'a permission the API does not know, naming the ones it knows',
      'Phone:Collection:List,Foo:Bar',
      `Unknown permission "Foo:Bar". Known permissions: ${ALL_PERMISSIONS.join(', ')}`,
    ],
    [
      'an empty list of permissions, rather than granting every one',
      ' , ',
      '--permissions needs at least one permission',
    ],
  ])('refuses %s, and issues no token', async (_what, permissions, message) => {
    const org = await createOrganization();

    const { code, stdout, stderr } = await cli(
      'token:create',
      '--org',
      org,
      '--permissions',
      permissions,
    );

    expect(code).toBe(EX_USAGE);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });
});
