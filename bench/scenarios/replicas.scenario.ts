import { ApiChild } from '../support/api-child';
import { ApiImportFigures, importThroughApi } from '../support/api-import';
import { BenchContext, ScenarioOutcome, TableRow } from '../support/context';
import { createOrganization, phoneNumbersDigest, truncatePhoneNumbers } from '../support/fixtures';
import { count, seconds, times } from '../support/format';
import { ImportBaselineProcess } from '../support/import-baseline-process';
import { RoundRobinProxy } from '../support/round-robin-proxy';
import { median, ratio, round } from '../support/stats';

/** P7 (issue 19): two replicas import 100,000 numbers within 1.6x the floor's time. */
const TARGET_RATIO = 1.6;
/** The buy limit of the replicas: twice as many buys are sent, half of them must be refused. */
const BUYS_PER_MINUTE = 10;

/**
 * Two API processes on one PostgreSQL database behind a round-robin proxy on loopback: a whole
 * account imported through the proxy (get-unsynced-numbers on one replica, each sync-numbers on
 * the next, reading the page hints the other left in the database) against the import floor;
 * then twice the buy limit sent through the proxy, of which exactly the limit must be admitted.
 */
export async function replicasScenario(context: BenchContext): Promise<ScenarioOutcome> {
  const { options, postgres, sandbox, timing, log } = context;
  const size = options.replicaNumbers;
  const account = sandbox.createAccount(`Replicas import of ${size}`);
  sandbox.seedOwnedNumbers(size, { accountSid: account.accountSid });
  const database = await postgres.createDatabase('bench_replicas');
  const baselineDatabase = await postgres.createDatabase('bench_replicas_baseline');
  const organization = await createOrganization(database);
  await createOrganization(baselineDatabase, organization.id);
  const twilio = { ...account, apiBaseUrl: sandbox.url };
  const env = { RATE_LIMIT_BUY_PER_MINUTE: String(BUYS_PER_MINUTE) };

  const first = await ApiChild.start({
    databaseUrl: database,
    twilio,
    nodeArgs: options.apiNodeArgs,
    label: 'replica-1',
    env,
  });
  let second: ApiChild | null = null;
  let proxy: RoundRobinProxy | null = null;
  const baseline = new ImportBaselineProcess();
  try {
    second = await ApiChild.start({
      databaseUrl: database,
      twilio,
      nodeArgs: options.apiNodeArgs,
      label: 'replica-2',
      env: { ...env, AUTH_JWT_SECRET: first.jwtSecret },
    });
    proxy = await RoundRobinProxy.start([first.url, second.url]);
    const token = first.token(organization.id);

    const runs: { api: ApiImportFigures; baselineMs: number; sameRows: boolean }[] = [];
    for (let run = 0; run < options.runs; run++) {
      await truncatePhoneNumbers(database);
      await truncatePhoneNumbers(baselineDatabase);
      const measureApi = async () => {
        timing.clear();
        return importThroughApi(proxy!.url, token, timing);
      };
      const measureBaseline = async () =>
        (
          await baseline.run({
            sandboxUrl: sandbox.url,
            accountSid: account.accountSid,
            authToken: account.authToken,
            databaseUrl: baselineDatabase,
            organizationId: organization.id,
          })
        ).ms;
      let api: ApiImportFigures;
      let baselineMs: number;
      if (run % 2 === 0) {
        api = await measureApi();
        baselineMs = await measureBaseline();
      } else {
        baselineMs = await measureBaseline();
        api = await measureApi();
      }
      timing.clear();
      const [apiRows, baselineRows] = await Promise.all([
        phoneNumbersDigest(database),
        phoneNumbersDigest(baselineDatabase),
      ]);
      const sameRows = apiRows.count === size && apiRows.digest === baselineRows.digest;
      if (api.imported !== size) throw new Error(`Imported ${api.imported} of ${size}`);
      runs.push({ api, baselineMs, sameRows });
      log(
        `  run ${run + 1}/${options.runs}: two replicas ${seconds(api.totalMs)} ` +
          `(${api.pageFetches} page fetches), floor ${seconds(baselineMs)}, same rows: ${sameRows}`,
      );
    }
    const requestsPerReplica = proxy.requestsPerUpstream;

    // Twice the limit, alternately on each replica: the limit is admitted once, not per replica.
    const numbers = sandbox.availableNumbers('415').slice(0, 2 * BUYS_PER_MINUTE);
    const statuses: number[] = [];
    for (const number of numbers) {
      const response = await fetch(`${proxy.url}/api/twilio/buy-phone-number`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ phone_number: number }),
      });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    const admitted = statuses.filter((status) => status === 201).length;
    const refused = statuses.filter((status) => status === 429).length;
    const limitExact = admitted === BUYS_PER_MINUTE && refused === numbers.length - admitted;
    log(
      `  ${numbers.length} buys through the proxy with a limit of ${BUYS_PER_MINUTE}/min: ` +
        `${admitted} admitted, ${refused} refused (statuses ${statuses.join(' ')})`,
    );

    const apiMs = median(runs.map((run) => run.api.totalMs));
    const baselineMs = median(runs.map((run) => run.baselineMs));
    const timeRatio = ratio(apiMs, baselineMs);
    const scenario = `2 replicas import ${count(size)}`;
    const rows: TableRow[] = [
      {
        scenario,
        metric: 'total time',
        api: seconds(apiMs),
        baseline: seconds(baselineMs),
        ratio: times(timeRatio),
        target: `<= ${TARGET_RATIO}x`,
        met: timeRatio <= TARGET_RATIO,
      },
      {
        scenario,
        metric: 'account page fetches',
        api: count(median(runs.map((run) => run.api.pageFetches))),
        baseline: count(Math.ceil(size / 1000)),
        ratio: '',
        target: '',
        met: null,
      },
      {
        scenario: '2 replicas buy limit',
        metric: `buys admitted of ${numbers.length}`,
        api: `${admitted} (${refused} refused)`,
        baseline: `limit ${BUYS_PER_MINUTE}/min`,
        ratio: '',
        target: `= ${BUYS_PER_MINUTE}`,
        met: limitExact,
      },
    ];
    return {
      rows,
      targets: [
        {
          name: `two replicas, import of ${count(size)}: time, API / floor`,
          target: `<= ${TARGET_RATIO}`,
          value: round(timeRatio),
          met: timeRatio <= TARGET_RATIO,
        },
        {
          name: `two replicas, buys admitted with a limit of ${BUYS_PER_MINUTE}/min`,
          target: `= ${BUYS_PER_MINUTE}`,
          value: admitted,
          met: limitExact,
        },
      ],
      results: {
        numbers: size,
        replicas: 2,
        requestsPerReplica,
        runs: runs.map((run) => ({
          apiMs: round(run.api.totalMs),
          baselineMs: round(run.baselineMs),
          pageFetches: run.api.pageFetches,
          unsyncedMs: round(run.api.unsynced.ms),
          sameRows: run.sameRows,
        })),
        medians: { apiMs: round(apiMs), baselineMs: round(baselineMs) },
        ratio: round(timeRatio),
        buyLimit: { perMinute: BUYS_PER_MINUTE, statuses, admitted, refused, exact: limitExact },
      },
    };
  } finally {
    baseline.stop();
    await proxy?.stop();
    await second?.stop();
    await first.stop();
  }
}
