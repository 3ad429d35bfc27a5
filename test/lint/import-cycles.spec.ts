import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * `import-x/no-cycle` keeps the code free of import cycles only while it sees them: lose one
 * setting (the TypeScript parser for imported files, the resolver) and it passes everything
 * without a word. So deliberate cycles, written for this test and removed after it, must fail
 * ESLint as `npm run lint` runs it, with the repository's own configuration.
 */
const root = join(__dirname, '..', '..');
const dir = join(__dirname, `cycle-fixture-${randomBytes(4).toString('hex')}`);

interface LintResult {
  filePath: string;
  messages: { ruleId: string | null; message: string }[];
}

function lint(...files: string[]): LintResult[] {
  const run = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', ...files],
    { cwd: root, encoding: 'utf8' },
  );
  if (run.status !== 0 && run.status !== 1) throw new Error(`ESLint failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as LintResult[];
}

const cycleErrors = (results: LintResult[]) =>
  results.flatMap((result) =>
    result.messages
      .filter((message) => message.ruleId === 'import-x/no-cycle')
      .map(() => relative(dir, result.filePath)),
  );

beforeAll(() => {
  mkdirSync(join(dir, 'nested'), { recursive: true });
  const files: Record<string, string> = {
    // A cycle of three files across folders, one edge through a roundabout path.
    'a.ts': `import { b } from './nested/b';\nexport const a = (): number => b() + 1;\n`,
    'nested/b.ts': `import { c } from '../c';\nexport const b = (): number => c() + 1;\n`,
    'c.ts': `import { a } from './nested/../a';\nexport const c = (): number => (a ? 1 : 0);\n`,
    // No cycle: imports one of them, nothing imports it back.
    'leaf.ts': `import { a } from './a';\nexport const leaf = (): number => a();\n`,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the import cycle rule of npm run lint', () => {
  it('fails every file of a deliberate cycle, and no file outside it', () => {
    const results = lint(relative(root, dir));

    expect(cycleErrors(results).sort()).toEqual(['a.ts', 'c.ts', join('nested', 'b.ts')]);
  });
});
