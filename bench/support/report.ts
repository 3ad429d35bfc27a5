import { TableRow } from './context';

const HEADERS = [
  'Scenario',
  'Metric',
  'API',
  'Floor',
  'API/floor',
  'Peer',
  'API/peer',
  'Target',
  'Met',
] as const;

/** The results as a plain-text table (also valid Markdown). */
export function renderTable(rows: readonly TableRow[]): string {
  const cells = rows.map((row) => [
    row.scenario,
    row.metric,
    row.api,
    row.baseline,
    row.ratio,
    row.peer ?? '',
    row.peerRatio ?? '',
    row.target,
    row.met === null ? '' : row.met ? 'yes' : 'MISSED',
  ]);
  const widths = HEADERS.map((header, i) =>
    Math.max(header.length, ...cells.map((line) => line[i]!.length)),
  );
  const line = (values: readonly string[]) =>
    `| ${values.map((value, i) => value.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(HEADERS),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...cells.map(line),
  ].join('\n');
}
