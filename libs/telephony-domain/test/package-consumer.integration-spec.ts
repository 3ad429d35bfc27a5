import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

/**
 * @loquent/telephony-domain as another project gets it: the library folder copied out of the
 * repository is packed (`npm pack`, its prepack building it), the tarball installed into a fresh
 * project outside the workspace, and a consumer compiled against it with `tsc --strict` and no Jest
 * types, which buys a number with the in-memory adapters and runs the package's contract suites on
 * node:test. Offline: the one dependency, libphonenumber-js, and the consumer's tools come from the
 * workspace's node_modules, and npm uses a cache of its own.
 */
const run = promisify(execFile);
const library = join(__dirname, '..');
const workspace = join(library, '..', '..');
const modules = join(workspace, 'node_modules');

jest.setTimeout(120_000);

let dir: string;
let env: NodeJS.ProcessEnv;
let packed: { filename: string; size: number; files: { path: string }[] };
let consumer: string;

async function npm(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('npm', args, { cwd, env, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loquent-domain-package-'));
  // Nothing of the npm run that started Jest (workspace, prefix) leaks into the child npm.
  env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  Object.assign(env, {
    PATH: [join(modules, '.bin'), process.env.PATH].join(delimiter),
    npm_config_cache: join(dir, 'npm-cache'),
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  });

  const copy = join(dir, 'telephony-domain');
  await cp(library, copy, {
    recursive: true,
    filter: (source) => !/[\\/](dist|node_modules|test)$/.test(source),
  });
  await linkModule(copy, 'libphonenumber-js');
  [packed] = JSON.parse(await npm(copy, 'pack', '--json', '--pack-destination', dir));

  consumer = join(dir, 'consumer');
  await mkdir(consumer);
  await writeFile(
    join(consumer, 'package.json'),
    JSON.stringify({
      name: 'telephony-domain-consumer',
      private: true,
      dependencies: {
        '@loquent/telephony-domain': `file:${join(dir, packed.filename)}`,
        'libphonenumber-js': `file:${join(modules, 'libphonenumber-js')}`,
      },
    }),
  );
  await npm(consumer, 'install', '--no-package-lock', '--ignore-scripts');
  for (const name of ['buy-one-number.ts', 'contracts.test.ts', 'tsconfig.json']) {
    await cp(join(__dirname, 'consumer', name), join(consumer, name));
  }
  // Tools of the consumer's own, not of the package: node's types and an expect library.
  await linkModule(consumer, '@types/node');
  await linkModule(consumer, 'expect');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function linkModule(project: string, name: string): Promise<void> {
  await mkdir(join(project, 'node_modules', name, '..'), { recursive: true });
  await symlink(join(modules, name), join(project, 'node_modules', name), 'dir');
}

describe('the @loquent/telephony-domain package', () => {
  it('holds only the compiled code, its declarations and the README, and builds when packed', () => {
    const files = packed.files.map((file) => file.path).sort();

    expect(files).toEqual(
      expect.arrayContaining([
        'README.md',
        'package.json',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/testing/index.js',
        'dist/testing/index.d.ts',
      ]),
    );
    expect(files.filter((file) => !/^dist\/.+\.(js|d\.ts)$/.test(file))).toEqual([
      'README.md',
      'package.json',
    ]);
    expect(files.filter((file) => /\.spec\.|\.tsbuildinfo|\.map$/.test(file))).toEqual([]);
  });

  it('installs into a project outside the workspace, which compiles against it with tsc --strict', async () => {
    const installed = JSON.parse(
      await readFile(join(consumer, 'node_modules/@loquent/telephony-domain/package.json'), 'utf8'),
    ) as { exports: Record<string, unknown> };

    await expect(
      run(process.execPath, [join(modules, 'typescript/bin/tsc'), '-p', consumer], { env }),
    ).resolves.toBeDefined();
    expect(Object.keys(installed.exports)).toEqual(['.', './testing', './package.json']);
  });

  it('buys a number through BuyNumber wired with the in-memory adapters of ./testing', async () => {
    const { stdout } = await run(process.execPath, [join(consumer, 'dist/buy-one-number.js')], {
      cwd: consumer,
      env,
    });
    const output = JSON.parse(stdout) as {
      bought: Record<string, unknown>;
      saved: Record<string, unknown> | null;
      refusedWith: string;
      mainEntry: string[];
    };

    expect(output.bought).toMatchObject({
      organizationId: '11111111-1111-4111-8111-111111111111',
      number: '+14155550100',
      friendlyName: 'Front desk',
      analyzerIds: ['analyzer-summary'],
      voiceUrlStatus: 'configured',
      source: 'purchased',
    });
    expect(output.saved).toEqual(output.bought);
    expect(output.refusedWith).toBe('NumberNotAvailable');
    expect(output.mainEntry).toContain('BuyNumber');
    expect(
      output.mainEntry.filter((name) =>
        /^(InMemory|describe|a[A-Z]|Fixed|Sequential|Static)|^(isUuid|PurchasedNumberRegistration|VoiceUrlHandback)$/.test(
          name,
        ),
      ),
    ).toEqual([]);
  });

  it("passes the package's repository and purchase-intent contracts on node:test", async () => {
    const { stdout } = await run(
      process.execPath,
      ['--test', '--test-reporter=tap', join(consumer, 'dist/contracts.test.js')],
      { cwd: consumer, env },
    );

    expect(stdout).toMatch(/^# fail 0$/m);
    expect(Number(/^# pass (\d+)$/m.exec(stdout)?.[1])).toBeGreaterThanOrEqual(16);
    expect(stdout).toContain('InMemoryPhoneNumberRepository honours the PhoneNumberRepository');
  });
});
