import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPublicDirectory } from './settings-ui.assets';

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
