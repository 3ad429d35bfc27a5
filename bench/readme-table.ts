import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { TableRow } from './support/context';
import { REPOSITORY_ROOT } from './support/paths';

/** Where the generated part of README.md's Performance section starts and ends. */
export const BEGIN =
  '<!-- bench:begin (generated from bench/results.json by npm run bench:readme) -->';
export const END = '<!-- bench:end -->';

interface Results {
  command: string;
  machine: {
    cpuCount: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    postgres: string;
    date: string;
    code: string;
  };
  options: { runs: number };
  targets: { scenario: string; name: string; target: string; value: number; met: boolean }[];
  rows?: TableRow[];
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** README.md's figures, from a results file: every target with its value, then every row. */
export function renderReadmeSection(results: Results): string {
  const { machine } = results;
  const lines = [
    BEGIN,
    '',
    `Latest run: ${machine.date.slice(0, 10)}, \`${results.command}\`, code ${machine.code}, ` +
      `${machine.cpuCount} × ${machine.cpuModel} (shared with other work: figures are noisy), ` +
      `${machine.memoryGb} GB, Node ${machine.node}, PostgreSQL ${machine.postgres}; medians of ` +
      `${results.options.runs} runs. Floor: node:http + pg (list) or plain pg (import); peer: ` +
      'NestJS + TypeORM as their documentation teaches (`bench/peer`).',
    '',
    '| Figure | Value | Target | Met |',
    '| --- | --- | --- | --- |',
    ...results.targets.map(
      (t) =>
        `| ${cell(t.name)} | ${t.value} | ${cell(t.target)} | ${t.met ? 'met' : '**missed**'} |`,
    ),
  ];
  if (results.rows && results.rows.length > 0) {
    lines.push(
      '',
      '| Scenario | Metric | API | Floor | API/floor | Peer | API/peer | Target | Met |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...results.rows.map(
        (r) =>
          `| ${[
            r.scenario,
            r.metric,
            r.api,
            r.baseline,
            r.ratio,
            r.peer ?? '',
            r.peerRatio ?? '',
            r.target,
          ]
            .map(cell)
            .join(' | ')} | ${r.met === null ? '' : r.met ? 'met' : '**missed**'} |`,
      ),
    );
  }
  lines.push('', END);
  return lines.join('\n');
}

/** Replaces README.md's generated section with the figures of `resultsPath`. */
export async function updateReadme(
  resultsPath = join(REPOSITORY_ROOT, 'bench', 'results.json'),
  readmePath = join(REPOSITORY_ROOT, 'README.md'),
): Promise<void> {
  const results = JSON.parse(await readFile(resultsPath, 'utf8')) as Results;
  const readme = await readFile(readmePath, 'utf8');
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${readmePath} has no ${BEGIN} ... ${END} section`);
  const updated =
    readme.slice(0, start) + renderReadmeSection(results) + readme.slice(end + END.length);
  const config = (await resolveConfig(readmePath)) ?? {};
  await writeFile(
    readmePath,
    await format(updated, { ...config, parser: 'markdown', filepath: readmePath }),
  );
}

if (require.main === module) {
  updateReadme(process.argv[2]).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
