import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPublicDirectory, loadStaticAssets } from './static-assets';

const root = join(__dirname, '..', '..', '..', '..');
const page = join(root, 'apps', 'api', 'public', 'settings', 'telephony');

describe('findPublicDirectory', () => {
  it.each([
    ['the sources (Jest)', join(root, 'apps', 'api', 'src', 'settings-ui')],
    ['the build', join(root, 'dist', 'apps', 'api', 'settings-ui')],
  ])('finds apps/api/public from %s', (_where, from) => {
    expect(findPublicDirectory('settings/telephony', from)).toBe(page);
  });

  it('is null when no directory above has it', () => {
    expect(findPublicDirectory('settings/telephony', tmpdir())).toBeNull();
  });
});

describe('loadStaticAssets', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'loquent-assets-'));
    await writeFile(join(directory, 'app.js'), 'export {};\n');
    await writeFile(join(directory, '.env'), 'SECRET=1\n');
    await writeFile(join(directory, 'notes.md'), '# not served\n');
    await mkdir(join(directory, 'nested.js'));
  });

  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('keeps the files of known types only: no dotfiles, no unknown types, no folders', () => {
    const assets = loadStaticAssets(directory);

    expect([...assets.keys()]).toEqual(['app.js']);
    expect(assets.get('app.js')).toEqual({
      body: Buffer.from('export {};\n'),
      contentType: 'text/javascript; charset=utf-8',
      etag: expect.stringMatching(/^"[\w-]{27}"$/),
    });
  });
});
