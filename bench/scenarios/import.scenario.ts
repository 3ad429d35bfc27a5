import { ApiChild, readCpuMs } from '../support/api-child';
import { ApiImportFigures, ImportCpu, importThroughApi } from '../support/api-import';
import { BenchContext, ScenarioOutcome, TableRow } from '../support/context';
import { createOrganization, phoneNumbersDigest, truncatePhoneNumbers } from '../support/fixtures';
import { ImportBaselineProcess } from '../support/import-baseline-process';
import type { ImportBaselineResult } from '../baselines/import-baseline';
import { count, ms, seconds, times } from '../support/format';
import { PeerProcess } from '../support/peer-process';
import { StatementCount } from '../support/postgres';
import { readPostgresCpuMs } from '../support/load';
import { median, ratio, round } from '../support/stats';

/** P7 (issue 19): the import of 10,000 within 1.5x the floor's time. */
const TARGET_RATIO = 1.5;

interface ImportRun {
  /** Whether the API and the baseline stored the same numbers, sids and friendly names. */
  sameRows: boolean;
  api: ApiImportFigures;
  apiStatements: { unsynced: number; sync: number; total: number } | null;
  topStatements: StatementCount['byQuery'] | null;
  baseline: ImportBaselineResult & { sandboxMs: number; cpu: ImportCpu };
  /** The peer (NestJS + TypeORM as usually written), where measured. */
  peer: ApiImportFigures | null;
}

/**
 * Importing a whole Twilio account (get-unsynced-numbers, then sync-numbers of every sid, 1,000 a
 * request) against a baseline that reads the account's pages once and inserts each with plain pg.
 * Statements are counted at N and 2N numbers, to show they follow pages, not numbers.
 */
export async function importScenario(context: BenchContext): Promise<ScenarioOutcome> {
  const { options, log } = context;
  const size = options.importNumbers;
  const baseline = new ImportBaselineProcess();
  try {
    const main = await measureSize(context, baseline, size, options.runs, true);
    log(`  ${count(size * 2)} numbers, once, for the statement growth`);
    const double = await measureSize(context, baseline, size * 2, 1, false);

    const apiMs = median(main.map((run) => run.api.totalMs));
    const baselineMs = median(main.map((run) => run.baseline.ms));
    const timeRatio = ratio(apiMs, baselineMs);
    const peerMs = median(main.map((run) => run.peer?.totalMs ?? Number.NaN));
    const statements = (runs: ImportRun[]) =>
      runs[0]!.apiStatements === null ? null : median(runs.map((run) => run.apiStatements!.total));
    const statementsN = statements(main);
    const statements2N = statements(double);
    const perThousand = (total: number | null, numbers: number) =>
      total === null ? null : round(total / (numbers / 1000), 1);
    const doubleApiMs = double[0]!.api.totalMs;
    const doubleBaselineMs = double[0]!.baseline.ms;

    const rows: TableRow[] = [
      {
        scenario: `import ${count(size)}`,
        metric: 'total time',
        api: seconds(apiMs),
        baseline: seconds(baselineMs),
        ratio: times(timeRatio),
        peer: seconds(peerMs),
        peerRatio: times(ratio(apiMs, peerMs)),
        target: `<= ${TARGET_RATIO}x`,
        met: timeRatio <= TARGET_RATIO,
      },
      {
        scenario: `import ${count(size)}`,
        metric: 'time in the sandbox',
        api: seconds(median(main.map((run) => run.api.sandboxMs))),
        baseline: seconds(median(main.map((run) => run.baseline.sandboxMs))),
        ratio: '',
        target: '',
        met: null,
      },
      ...(['api', 'postgres'] as const).map((side) => ({
        scenario: `import ${count(size)}`,
        metric: `${side === 'api' ? 'server' : 'database'} CPU per 1k numbers (listing + import)`,
        api: cpuSplit(main, size, side),
        baseline: ms(median(main.map((run) => run.baseline.cpu[side])) / (size / 1000)),
        ratio: '',
        target: '',
        met: null,
      })),
      {
        scenario: `import ${count(size)}`,
        metric: 'account page fetches',
        api: count(median(main.map((run) => run.api.pageFetches))),
        baseline: count(median(main.map((run) => run.baseline.pages))),
        peer: count(median(main.map((run) => run.peer?.pageFetches ?? Number.NaN))),
        ratio: times(
          ratio(
            median(main.map((run) => run.api.pageFetches)),
            median(main.map((run) => run.baseline.pages)),
          ),
        ),
        target: '',
        met: null,
      },
      {
        scenario: `import ${count(size)}`,
        metric: 'SQL statements (per 1k numbers)',
        api:
          statementsN === null
            ? 'n/a'
            : `${count(statementsN)} (${perThousand(statementsN, size)})`,
        // One INSERT per page.
        baseline: `${count(main[0]!.baseline.pages)} (${perThousand(main[0]!.baseline.pages, size)})`,
        ratio: '',
        target: '',
        met: null,
      },
      {
        scenario: `import ${count(size * 2)}`,
        metric: 'total time (1 run)',
        api: seconds(doubleApiMs),
        baseline: seconds(doubleBaselineMs),
        ratio: times(ratio(doubleApiMs, doubleBaselineMs)),
        target: '',
        met: null,
      },
      {
        scenario: `import ${count(size * 2)}`,
        metric: 'SQL statements (per 1k numbers)',
        api:
          statements2N === null
            ? 'n/a'
            : `${count(statements2N)} (${perThousand(statements2N, size * 2)})`,
        baseline: `${count(double[0]!.baseline.pages)} (${perThousand(double[0]!.baseline.pages, size * 2)})`,
        ratio: '',
        target: '',
        met: null,
      },
    ];

    return {
      rows,
      targets: [
        {
          name: `import of ${count(size)}: time, API / floor`,
          target: `<= ${TARGET_RATIO}`,
          value: round(timeRatio),
          met: timeRatio <= TARGET_RATIO,
        },
      ],
      results: {
        numbers: size,
        sameRowsAsBaseline: main.every((run) => run.sameRows),
        apiPeakRssMb: round(main.apiPeakRssMb ?? Number.NaN, 1),
        runs: main.map(describeRun),
        medians: {
          apiMs: round(apiMs),
          baselineMs: round(baselineMs),
          peerMs: round(peerMs),
          apiVsPeer: round(ratio(apiMs, peerMs)),
          apiSandboxMs: round(median(main.map((run) => run.api.sandboxMs))),
          apiPageFetches: median(main.map((run) => run.api.pageFetches)),
          baselinePageFetches: median(main.map((run) => run.baseline.pages)),
          statements: statementsN,
        },
        ratio: round(timeRatio),
        target: { ratioAtMost: TARGET_RATIO, met: timeRatio <= TARGET_RATIO },
        statementGrowth: {
          available: statementsN !== null,
          [size]: { total: statementsN, per1000Numbers: perThousand(statementsN, size) },
          [size * 2]: { total: statements2N, per1000Numbers: perThousand(statements2N, size * 2) },
          byQuery: main[0]!.topStatements,
        },
        double: {
          numbers: size * 2,
          apiPeakRssMb: round(double.apiPeakRssMb ?? Number.NaN, 1),
          run: describeRun(double[0]!),
        },
      },
    };
  } finally {
    baseline.stop();
  }
}

async function measureSize(
  context: BenchContext,
  baseline: ImportBaselineProcess,
  size: number,
  runs: number,
  withPeer: boolean,
): Promise<ImportRun[] & { apiPeakRssMb?: number }> {
  const { postgres, sandbox, timing, log } = context;
  const account = sandbox.createAccount(`Import of ${size}`);
  sandbox.seedOwnedNumbers(size, { accountSid: account.accountSid });
  const apiDatabase = await postgres.createDatabase('bench_import_api');
  const baselineDatabase = await postgres.createDatabase('bench_import_baseline');
  const peerDatabase = withPeer ? await postgres.createDatabase('bench_import_peer') : null;
  const organization = await createOrganization(apiDatabase);
  await createOrganization(baselineDatabase, organization.id);
  if (peerDatabase) await createOrganization(peerDatabase, organization.id);

  const api = await ApiChild.start({
    databaseUrl: apiDatabase,
    twilio: { ...account, apiBaseUrl: sandbox.url },
    cpuProfDir: context.options.cpuProfDir,
    nodeArgs: context.options.apiNodeArgs,
    label: `import-${size}`,
  });
  const token = api.token(organization.id);
  const results: ImportRun[] & { apiPeakRssMb?: number } = [];
  let peer: PeerProcess | null = null;
  try {
    if (peerDatabase) {
      peer = await PeerProcess.start({
        databaseUrl: peerDatabase,
        jwtSecret: api.jwtSecret,
        twilio: { ...account, apiBaseUrl: sandbox.url },
        nodeArgs: context.options.apiNodeArgs,
      });
    }
    for (let run = 0; run < runs; run++) {
      await truncatePhoneNumbers(apiDatabase);
      await truncatePhoneNumbers(baselineDatabase);

      const measureApi = async () => {
        await postgres.resetStatements();
        timing.clear();
        let unsynced: StatementCount | null = null;
        const figures = await importThroughApi(api.url, token, timing, {
          afterUnsynced: async () => {
            unsynced = await postgres.statements(apiDatabase);
          },
          cpu: () => cpuOf(api.pid),
        });
        const statements = await postgres.statements(apiDatabase);
        return { figures, statements, unsynced: unsynced as StatementCount | null };
      };
      const measureBaseline = async () => {
        timing.clear();
        const cpuBefore = cpuOf(baseline.pid);
        const result = await baseline.run({
          sandboxUrl: sandbox.url,
          accountSid: account.accountSid,
          authToken: account.authToken,
          databaseUrl: baselineDatabase,
          organizationId: organization.id,
        });
        const cpuAfter = cpuOf(baseline.pid);
        const cpu = {
          api: cpuAfter.api - cpuBefore.api,
          postgres: cpuAfter.postgres - cpuBefore.postgres,
        };
        const sandboxMs = timing.requests.reduce((sum, request) => sum + request.durationMs, 0);
        return { ...result, sandboxMs, cpu };
      };

      // Alternate which goes first, so drift on a shared machine does not favour one side.
      let apiResult: Awaited<ReturnType<typeof measureApi>>;
      let baselineResult: ImportRun['baseline'];
      if (run % 2 === 0) {
        apiResult = await measureApi();
        baselineResult = await measureBaseline();
      } else {
        baselineResult = await measureBaseline();
        apiResult = await measureApi();
      }
      if (apiResult.figures.imported !== size || baselineResult.inserted !== size) {
        throw new Error(
          `Imported ${apiResult.figures.imported} (API) and ${baselineResult.inserted} (baseline) of ${size}`,
        );
      }
      let peerFigures: ApiImportFigures | null = null;
      if (peer && peerDatabase) {
        await truncatePhoneNumbers(peerDatabase);
        timing.clear();
        const running = peer;
        peerFigures = await importThroughApi(peer.url, token, timing).catch((error: unknown) => {
          throw new Error(`${String(error)}\nThe peer printed:\n${running.output}`);
        });
        const peerRows = await phoneNumbersDigest(peerDatabase);
        if (peerFigures.imported !== size || peerRows.count !== size) {
          throw new Error(`The peer imported ${peerFigures.imported} of ${size}`);
        }
      }
      const [apiRows, baselineRows] = await Promise.all([
        phoneNumbersDigest(apiDatabase),
        phoneNumbersDigest(baselineDatabase),
      ]);
      results.push({
        sameRows: apiRows.count === size && apiRows.digest === baselineRows.digest,
        api: apiResult.figures,
        apiStatements:
          apiResult.statements && apiResult.unsynced
            ? {
                unsynced: apiResult.unsynced.total,
                sync: apiResult.statements.total - apiResult.unsynced.total,
                total: apiResult.statements.total,
              }
            : null,
        topStatements: apiResult.statements?.byQuery.slice(0, 12) ?? null,
        baseline: baselineResult,
        peer: peerFigures,
      });
      log(
        `  run ${run + 1}/${runs} of ${count(size)}: API ${seconds(apiResult.figures.totalMs)} ` +
          `(${apiResult.figures.pageFetches} page fetches, sandbox ${seconds(apiResult.figures.sandboxMs)}), ` +
          `baseline ${seconds(baselineResult.ms)} (${baselineResult.pages} pages), ` +
          `statements ${count(apiResult.statements?.total)}` +
          (peerFigures
            ? `, peer ${seconds(peerFigures.totalMs)} (${peerFigures.pageFetches} page fetches)`
            : ''),
      );
    }
    results.apiPeakRssMb = api.memory()?.peakRssMb;
  } finally {
    await peer?.stop();
    await api.stop();
  }
  return results;
}

/** The CPU time so far of a process and of PostgreSQL (every postgres process), in ms. */
function cpuOf(pid: number): ImportCpu {
  return { api: readCpuMs(pid), postgres: readPostgresCpuMs() };
}

/** The median CPU per 1,000 numbers of one side, in all and split by step: "61 ms (20 + 41)". */
function cpuSplit(runs: ImportRun[], size: number, side: keyof ImportCpu): string {
  if (runs.some((run) => run.api.cpu === null)) return 'n/a';
  const per = (values: number[]) => median(values) / (size / 1000);
  const unsynced = per(runs.map((run) => run.api.cpu!.unsynced[side]));
  const sync = per(runs.map((run) => run.api.cpu!.sync[side]));
  const total = per(runs.map((run) => run.api.cpu!.unsynced[side] + run.api.cpu!.sync[side]));
  return `${ms(total)} (${ms(unsynced)} + ${ms(sync)})`;
}

function describeRun(run: ImportRun) {
  return {
    sameRows: run.sameRows,
    api: {
      totalMs: round(run.api.totalMs),
      sandboxMs: round(run.api.sandboxMs),
      pageFetches: run.api.pageFetches,
      unsynced: {
        ms: round(run.api.unsynced.ms),
        numbers: run.api.unsynced.numbers,
        pageFetches: run.api.unsynced.pageFetches,
        sandboxMs: round(run.api.unsynced.sandboxMs),
      },
      sync: run.api.sync.map((request) => ({
        ms: round(request.ms),
        pageFetches: request.pageFetches,
        sandboxMs: round(request.sandboxMs),
      })),
      statements: run.apiStatements,
      cpuMs: run.api.cpu && {
        unsynced: {
          api: round(run.api.cpu.unsynced.api),
          postgres: round(run.api.cpu.unsynced.postgres),
        },
        sync: { api: round(run.api.cpu.sync.api), postgres: round(run.api.cpu.sync.postgres) },
      },
    },
    peer: run.peer
      ? {
          totalMs: round(run.peer.totalMs),
          sandboxMs: round(run.peer.sandboxMs),
          pageFetches: run.peer.pageFetches,
        }
      : null,
    baseline: {
      totalMs: round(run.baseline.ms),
      fetchMs: round(run.baseline.fetchMs),
      sandboxMs: round(run.baseline.sandboxMs),
      insertMs: round(run.baseline.insertMs),
      cpuMs: { api: round(run.baseline.cpu.api), postgres: round(run.baseline.cpu.postgres) },
      pageFetches: run.baseline.pages,
      statements: run.baseline.pages,
    },
  };
}
