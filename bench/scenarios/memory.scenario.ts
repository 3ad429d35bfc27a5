import { randomUUID } from 'node:crypto';
import { ApiChild, ProcessMemory, readMemory } from '../support/api-child';
import { importThroughApi, SYNC_BATCH } from '../support/api-import';
import { BenchContext, ScenarioOutcome, TableRow } from '../support/context';
import { createOrganization } from '../support/fixtures';
import { count, mb, seconds, times } from '../support/format';
import { ImportBaselineProcess } from '../support/import-baseline-process';
import { ratio, round } from '../support/stats';

/** P7 (issue 19): importing 100,000 numbers under 250 MB, within 1.5x the floor's time. */
const TARGET_MB = 250;
const TARGET_TIME_RATIO = 1.5;
const SAMPLE_EVERY_MS = 200;

/**
 * Peak resident memory (VmHWM) of the API process while it imports a large account
 * (get-unsynced-numbers, then sync-numbers of every sid, 1,000 a request), run with the bench's
 * API node flags (production's NODE_OPTIONS by default), then once more with none for
 * comparison. The import stops when its time budget runs out; the peak and the timing trend are
 * reported either way.
 */
export async function memoryScenario(context: BenchContext): Promise<ScenarioOutcome> {
  const { options, postgres, sandbox, timing, log } = context;
  const size = options.memoryNumbers;
  const account = sandbox.createAccount(`Memory import of ${size}`);
  sandbox.seedOwnedNumbers(size, { accountSid: account.accountSid });
  const organizationId = randomUUID();

  const measured = await importMeasuringMemory(context, account, organizationId, {
    database: 'bench_memory',
    nodeArgs: options.apiNodeArgs,
  });
  const { figures, atStart, unsyncedMemory } = measured;
  const peakMb = measured.atEnd.peakRssMb;
  log(
    `  ${figures.complete ? 'imported' : 'stopped after'} ${count(figures.imported)} of ${count(size)} in ` +
      `${seconds(figures.totalMs)}; peak RSS ${mb(peakMb)} (after get-unsynced ${mb(unsyncedMemory?.peakRssMb ?? Number.NaN)})`,
  );

  // The same import with V8's own heap sizing (no NODE_OPTIONS), for comparison: V8 then sizes
  // the heap from the machine's memory and collects garbage later.
  let v8Defaults: MemoryRun | null = null;
  if (options.apiNodeArgs.length > 0) {
    v8Defaults = await importMeasuringMemory(context, account, organizationId, {
      database: 'bench_memory_v8_defaults',
      nodeArgs: [],
    });
    log(
      `  without ${options.apiNodeArgs.join(' ')}: peak RSS ${mb(v8Defaults.atEnd.peakRssMb)} in ` +
        `${seconds(v8Defaults.figures.totalMs)}`,
    );
  }

  // The same account through the import baseline, for the time at this size (after the API,
  // so it cannot disturb the API's memory).
  const baselineDatabase = await postgres.createDatabase('bench_memory_baseline');
  await createOrganization(baselineDatabase, organizationId);
  const baseline = new ImportBaselineProcess();
  let baselineMs: number;
  try {
    baselineMs = (
      await baseline.run({
        sandboxUrl: sandbox.url,
        accountSid: account.accountSid,
        authToken: account.authToken,
        databaseUrl: baselineDatabase,
        organizationId,
      })
    ).ms;
  } finally {
    baseline.stop();
  }
  timing.clear();
  const met = figures.complete && peakMb < TARGET_MB;
  const timeRatio = ratio(figures.totalMs, baselineMs);
  const timeMet = figures.complete && timeRatio <= TARGET_TIME_RATIO;

  // Were a sync request to walk the account from its start, time would grow with each request
  // and the whole import quadratically. A least-squares line through the measured requests shows
  // the trend and projects what the rest would have taken had the budget run out.
  const points = figures.sync.map((request, i) => ({ x: i + 1, y: request.ms }));
  const fit = linearFit(points);
  const requestsNeeded = Math.ceil(size / SYNC_BATCH);
  const projectedSyncMs =
    fit === null
      ? Number.NaN
      : Array.from({ length: requestsNeeded }, (_, i) =>
          i < points.length ? points[i]!.y : fit.intercept + fit.slope * (i + 1),
        ).reduce((sum, value) => sum + value, 0);
  const projectedTotalMs = figures.unsynced.ms + projectedSyncMs;

  const scenario = `memory import ${count(size)}`;
  const rows: TableRow[] = [
    {
      scenario,
      metric: 'peak RSS (VmHWM)',
      api: mb(peakMb),
      baseline: `at start ${mb(atStart.peakRssMb)}`,
      ratio: '',
      target: `< ${TARGET_MB} MB`,
      met,
    },
    ...(v8Defaults
      ? [
          {
            scenario,
            metric: 'peak RSS, V8 heap defaults',
            api: mb(v8Defaults.atEnd.peakRssMb),
            baseline: `no ${options.apiNodeArgs.join(' ')}`,
            ratio: '',
            target: '',
            met: null,
          },
        ]
      : []),
    {
      scenario,
      metric: figures.complete ? 'import time' : 'import time (projected)',
      api: figures.complete
        ? seconds(figures.totalMs)
        : `${seconds(projectedTotalMs)} (${count(figures.imported)} done)`,
      baseline: seconds(baselineMs),
      ratio: times(ratio(figures.complete ? figures.totalMs : projectedTotalMs, baselineMs)),
      target: `<= ${TARGET_TIME_RATIO}x`,
      met: timeMet,
    },
    {
      scenario: 'API at start',
      metric: 'RSS (VmRSS / VmHWM)',
      api: `${mb(atStart.rssMb)} / ${mb(atStart.peakRssMb)}`,
      baseline: '',
      ratio: '',
      target: '',
      met: null,
    },
    {
      scenario,
      metric: 'sync request time: first / last',
      api: `${seconds(figures.sync[0]?.ms ?? Number.NaN)} / ${seconds(figures.sync.at(-1)?.ms ?? Number.NaN)}`,
      baseline: fit ? `+${fit.slope.toFixed(1)} ms per request` : '',
      ratio: '',
      target: '',
      met: null,
    },
  ];
  return {
    rows,
    targets: [
      {
        name: `peak RSS importing ${size} numbers (MB)`,
        target: `< ${TARGET_MB}${figures.complete ? '' : ' (import incomplete: budget ran out)'}`,
        value: round(peakMb, 1),
        met,
      },
      {
        name: `import of ${count(size)}: time, API / floor`,
        target: `<= ${TARGET_TIME_RATIO}`,
        value: round(timeRatio),
        met: timeMet,
      },
      {
        name: 'RSS at start (MB)',
        target: 'as small as it comes cheap (144 before)',
        value: round(atStart.rssMb, 1),
        met: atStart.rssMb < 144,
      },
    ],
    results: {
      numbers: size,
      complete: figures.complete,
      imported: figures.imported,
      budgetS: options.memoryBudget,
      nodeArgs: options.apiNodeArgs,
      memoryMb: {
        atStart: { peakRss: round(atStart.peakRssMb, 1), rss: round(atStart.rssMb, 1) },
        afterUnsynced: unsyncedMemory && {
          peakRss: round(unsyncedMemory.peakRssMb, 1),
          rss: round(unsyncedMemory.rssMb, 1),
        },
        atEnd: { peakRss: round(peakMb, 1), rss: round(measured.atEnd.rssMb, 1) },
        highestSampledRss: round(measured.sampledPeakMb, 1),
        rssEvery10SyncRequests: measured.rssEvery10,
        v8Defaults: v8Defaults && {
          peakRss: round(v8Defaults.atEnd.peakRssMb, 1),
          totalMs: round(v8Defaults.figures.totalMs),
        },
      },
      target: { peakRssBelowMb: TARGET_MB, met },
      timing: {
        totalMs: round(figures.totalMs),
        unsyncedMs: round(figures.unsynced.ms),
        syncRequests: figures.sync.length,
        syncRequestsNeeded: requestsNeeded,
        pageFetches: figures.pageFetches,
        sandboxMs: round(figures.sandboxMs),
        msPerSyncRequest: fit && {
          intercept: round(fit.intercept),
          slopePerRequest: round(fit.slope),
        },
        projectedTotalMs: round(projectedTotalMs),
        baselineMs: round(baselineMs),
        syncRequestMs: figures.sync.map((request) => round(request.ms)),
      },
    },
  };
}

interface MemoryRun {
  figures: Awaited<ReturnType<typeof importThroughApi>>;
  atStart: ProcessMemory;
  unsyncedMemory: ProcessMemory | null;
  atEnd: ProcessMemory;
  sampledPeakMb: number;
  rssEvery10: number[];
}

/** One API child importing the whole account into a fresh database, its memory sampled. */
async function importMeasuringMemory(
  context: BenchContext,
  account: { accountSid: string; authToken: string },
  organizationId: string,
  run: { database: string; nodeArgs: string[] },
): Promise<MemoryRun> {
  const { options, postgres, sandbox, timing, log } = context;
  const database = await postgres.createDatabase(run.database);
  await createOrganization(database, organizationId);
  const api = await ApiChild.start({
    databaseUrl: database,
    twilio: { ...account, apiBaseUrl: sandbox.url },
    cpuProfDir: options.cpuProfDir,
    nodeArgs: run.nodeArgs,
    label: 'memory',
  });
  try {
    const atStart = api.memory();
    if (!atStart) throw new Error('No /proc/<pid>/status: peak RSS is measured on Linux only');

    // The highest RSS seen while the import ran (VmHWM itself is the peak over the whole life).
    let sampledPeakMb = 0;
    const sampler = setInterval(() => {
      const memory = readMemory(api.pid);
      if (memory) sampledPeakMb = Math.max(sampledPeakMb, memory.rssMb);
    }, SAMPLE_EVERY_MS);
    let unsyncedMemory: ProcessMemory | null = null;
    const rssEvery10: number[] = [];
    let figures;
    try {
      figures = await importThroughApi(api.url, api.token(organizationId), timing, {
        budgetMs: options.memoryBudget * 1000,
        afterUnsynced: async () => {
          unsyncedMemory = readMemory(api.pid);
        },
        onSync: (index, request) => {
          if ((index + 1) % 10 !== 0) return;
          const rssMb = readMemory(api.pid)?.rssMb ?? Number.NaN;
          rssEvery10.push(round(rssMb, 1));
          log(
            `  sync request ${index + 1}: ${seconds(request.ms)}, ${request.pageFetches} account pages walked, ` +
              `RSS ${mb(rssMb)}`,
          );
        },
      });
    } finally {
      clearInterval(sampler);
    }
    timing.clear();
    return {
      figures,
      atStart,
      unsyncedMemory,
      atEnd: api.memory()!,
      sampledPeakMb,
      rssEvery10,
    };
  } finally {
    await api.stop();
  }
}

function linearFit(
  points: { x: number; y: number }[],
): { intercept: number; slope: number } | null {
  if (points.length < 2) return null;
  const n = points.length;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  const sxx = points.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
  const sxy = points.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0);
  const slope = sxy / sxx;
  return { intercept: meanY - slope * meanX, slope };
}
