import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { relative } from 'node:path';
import { TwilioSandbox } from '@loquent/twilio-sandbox';
import { buyScenario } from './scenarios/buy.scenario';
import { importScenario } from './scenarios/import.scenario';
import { listScenario } from './scenarios/list.scenario';
import { memoryScenario } from './scenarios/memory.scenario';
import { replicasScenario } from './scenarios/replicas.scenario';
import { updateReadme } from './readme-table';
import { BenchContext, ScenarioOutcome, TableRow } from './support/context';
import { DEFAULT_RESULTS, parseOptions, ScenarioName } from './support/options';
import { REPOSITORY_ROOT } from './support/paths';
import { BenchPostgres } from './support/postgres';
import { renderTable } from './support/report';
import { SandboxTiming } from './support/sandbox-timing';

const SCENARIO_RUNNERS: Record<ScenarioName, (context: BenchContext) => Promise<ScenarioOutcome>> =
  {
    list: listScenario,
    import: importScenario,
    buy: buyScenario,
    memory: memoryScenario,
    replicas: replicasScenario,
  };

/**
 * `npm run bench`: the real API (`node dist/apps/api/main.js`) on a real PostgreSQL and the Twilio
 * sandbox (zero latency), each scenario beside a baseline measured in the same run.
 */
async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = Date.now();
  const log = (line: string) => console.log(line);

  log(
    `Starting PostgreSQL (${process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'embedded'})...`,
  );
  const postgres = await BenchPostgres.start();
  const sandbox = await TwilioSandbox.start({ seed: 'empty', latencyMs: 0 });
  const timing = new SandboxTiming(sandbox);
  const context: BenchContext = { options, postgres, sandbox, timing, log };

  const machine = {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cpuCount: cpus().length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    platform: `${process.platform} ${process.arch}`,
    node: process.version,
    postgres: `${postgres.version} (${postgres.kind})`,
    statementCounts: postgres.countsStatements ? 'pg_stat_statements' : 'n/a',
    date: new Date().toISOString(),
    code: codeVersion(),
  };
  log(
    `Machine: ${machine.cpuCount} x ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}, ` +
      `PostgreSQL ${machine.postgres}`,
  );

  const scenarios: Record<string, unknown> = {};
  const rows: TableRow[] = [];
  const targets: (ScenarioOutcome['targets'][number] & { scenario: string })[] = [];
  const failures: string[] = [];
  try {
    for (const name of options.scenarios) {
      const scenarioStart = Date.now();
      log(`\n== ${name}`);
      try {
        const outcome = await SCENARIO_RUNNERS[name](context);
        const durationS = Math.round((Date.now() - scenarioStart) / 100) / 10;
        scenarios[name] = { durationS, ...outcome.results };
        rows.push(...outcome.rows);
        targets.push(...outcome.targets.map((target) => ({ scenario: name, ...target })));
        log(`== ${name} done in ${durationS} s`);
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        failures.push(`${name}: ${message}`);
        scenarios[name] = { error: message };
        log(`== ${name} FAILED: ${message}`);
      } finally {
        // The sandbox's request log grows with every page served; this process also measures.
        sandbox.reset();
        timing.clear();
      }
    }
  } finally {
    await sandbox.stop();
    await postgres.stop();
  }

  const results = {
    command: [
      'npm run bench',
      ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : []),
    ].join(' '),
    options: { ...options, out: relative(REPOSITORY_ROOT, options.out) },
    machine,
    durationS: Math.round((Date.now() - startedAt) / 1000),
    targets,
    rows,
    scenarios,
  };
  await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
  // The README's figures are regenerated from the results file the bench keeps.
  if (options.out === DEFAULT_RESULTS && failures.length === 0) await updateReadme(options.out);

  log(`\n${renderTable(rows)}`);
  log(
    `\nMedians of ${options.runs} run(s); ratios are API / baseline (req/s: API / baseline). ` +
      `${machine.cpuCount} x ${machine.cpuModel}, Node ${machine.node}, PostgreSQL ${machine.postgres}.`,
  );
  log(`Results: ${relative(process.cwd(), options.out)} (${results.durationS} s)`);
  if (options.cpuProfDir) {
    log(
      `CPU profiles of the API: ${relative(process.cwd(), options.cpuProfDir)} ` +
        '(summarize with node dist/bench/bench/profile-summary.js FILE)',
    );
  }
  if (failures.length > 0) {
    log(`\nFailed scenarios:\n${failures.join('\n')}`);
    process.exitCode = 1;
  }
}

/** The commit measured, and whether the working tree had changes on top of it (read only). */
function codeVersion(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: REPOSITORY_ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    const changed = git('status', '--porcelain').split('\n').filter(Boolean).length;
    return `${git('rev-parse', '--short', 'HEAD')}${changed > 0 ? ` + ${changed} changed files` : ''}`;
  } catch {
    return 'unknown';
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
