import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../apps/api/src/bootstrap/free-port';
import { ApiChild, BENCH_PUBLIC_BASE_URL } from '../support/api-child';
import { BenchContext, ScenarioOutcome, TableRow } from '../support/context';
import { createOrganization, insertPhoneNumbers } from '../support/fixtures';
import { count, ms, perSecond, times } from '../support/format';
import { LoadFigures, measureLoad } from '../support/load';
import { BENCH_DIST, REPOSITORY_ROOT } from '../support/paths';
import { median, ratio, round } from '../support/stats';

const TARGET_RPS_RATIO = 0.5;
const TARGET_P99_RATIO = 3;

const VARIANTS = [
  { name: 'page', label: 'page of 100', path: '/api/phones?limit=100' },
  { name: 'whole', label: 'whole list', path: '/api/phones' },
] as const;

type Side = 'api' | 'baseline';

/**
 * GET /api/phones of an organization of N numbers, a page of 100 and the whole list, under
 * autocannon, against a node:http + pg server running the repository's SQL.
 */
export async function listScenario(context: BenchContext): Promise<ScenarioOutcome> {
  const { options, postgres, sandbox, log } = context;
  const database = await postgres.createDatabase('bench_list');
  const organization = await createOrganization(database);
  await insertPhoneNumbers(database, organization.id, options.listNumbers);

  const api = await ApiChild.start({
    databaseUrl: database,
    twilio: {
      accountSid: sandbox.accountSid,
      authToken: sandbox.authToken,
      apiBaseUrl: sandbox.url,
    },
    cpuProfDir: options.cpuProfDir,
    nodeArgs: options.apiNodeArgs,
    label: 'list',
  });
  let baseline: ListBaselineProcess | null = null;
  try {
    baseline = await ListBaselineProcess.start(database, api.jwtSecret);
    const token = api.token(organization.id);
    const servers: Record<Side, string> = { api: api.url, baseline: baseline.url };
    const pids: Record<Side, number> = { api: api.pid, baseline: baseline.pid };

    const sameResponses = await compareResponses(servers, token, options.listNumbers);
    log(`  same JSON and Link headers from API and baseline: ${sameResponses.same ? 'yes' : 'NO'}`);
    if (!sameResponses.same) log(`  differences: ${sameResponses.differences.join('; ')}`);

    const load = { connections: options.connections, duration: options.duration };
    if (options.warmup > 0) {
      for (const variant of VARIANTS) {
        for (const side of ['api', 'baseline'] as const) {
          await measureLoad(servers[side] + variant.path, token, {
            ...load,
            duration: options.warmup,
          });
        }
      }
    }

    const runs: Record<(typeof VARIANTS)[number]['name'], Record<Side, LoadFigures[]>> = {
      page: { api: [], baseline: [] },
      whole: { api: [], baseline: [] },
    };
    for (let run = 0; run < options.runs; run++) {
      for (const variant of VARIANTS) {
        // Alternate which goes first, so drift on a shared machine does not favour one side.
        const order: Side[] = run % 2 === 0 ? ['api', 'baseline'] : ['baseline', 'api'];
        for (const side of order) {
          const figures = await measureLoad(servers[side] + variant.path, token, {
            ...load,
            serverPid: pids[side],
          });
          if (figures.errors > 0 || figures.non2xx > 0) {
            throw new Error(
              `${side} ${variant.path}: ${figures.errors} errors, ${figures.non2xx} non-2xx answers`,
            );
          }
          runs[variant.name][side].push(figures);
          log(
            `  run ${run + 1}/${options.runs} ${variant.label.padEnd(11)} ${side.padEnd(8)} ` +
              `${perSecond(figures.requestsPerSecond)}, p50 ${ms(figures.p50Ms)}, p99 ${ms(figures.p99Ms)}, ` +
              `server CPU ${figures.serverCpuMsPerRequest.toFixed(2)} ms/request`,
          );
        }
      }
    }

    const rows: TableRow[] = [];
    const targets: ScenarioOutcome['targets'] = [];
    const summary: Record<string, unknown> = {};
    for (const variant of VARIANTS) {
      const medianOf = (side: Side, pick: (figures: LoadFigures) => number) =>
        median(runs[variant.name][side].map(pick));
      const rps = {
        api: medianOf('api', (f) => f.requestsPerSecond),
        baseline: medianOf('baseline', (f) => f.requestsPerSecond),
      };
      const p99 = {
        api: medianOf('api', (f) => f.p99Ms),
        baseline: medianOf('baseline', (f) => f.p99Ms),
      };
      const p50 = {
        api: medianOf('api', (f) => f.p50Ms),
        baseline: medianOf('baseline', (f) => f.p50Ms),
      };
      const cpu = {
        api: medianOf('api', (f) => f.serverCpuMsPerRequest),
        baseline: medianOf('baseline', (f) => f.serverCpuMsPerRequest),
      };
      const rpsRatio = ratio(rps.api, rps.baseline);
      const p99Ratio = ratio(p99.api, p99.baseline);
      const targeted = variant.name === 'page';
      const scenario = `list ${variant.label}`;
      rows.push(
        {
          scenario,
          metric: 'requests/s',
          api: perSecond(rps.api),
          baseline: perSecond(rps.baseline),
          ratio: times(rpsRatio),
          target: targeted ? `>= ${TARGET_RPS_RATIO}x` : '',
          met: targeted ? rpsRatio >= TARGET_RPS_RATIO : null,
        },
        {
          scenario,
          metric: 'p99 latency',
          api: ms(p99.api),
          baseline: ms(p99.baseline),
          ratio: times(p99Ratio),
          target: targeted ? `< ${TARGET_P99_RATIO}x` : '',
          met: targeted ? p99Ratio < TARGET_P99_RATIO : null,
        },
        {
          scenario,
          metric: 'p50 latency',
          api: ms(p50.api),
          baseline: ms(p50.baseline),
          ratio: times(ratio(p50.api, p50.baseline)),
          target: '',
          met: null,
        },
        {
          scenario,
          metric: 'server CPU per request',
          api: ms(cpu.api),
          baseline: ms(cpu.baseline),
          ratio: times(ratio(cpu.api, cpu.baseline)),
          target: '',
          met: null,
        },
      );
      if (targeted) {
        targets.push(
          {
            name: 'list page of 100: req/s ratio (API / baseline)',
            target: `>= ${TARGET_RPS_RATIO}`,
            value: round(rpsRatio),
            met: rpsRatio >= TARGET_RPS_RATIO,
          },
          {
            name: 'list page of 100: p99 ratio (API / baseline)',
            target: `< ${TARGET_P99_RATIO}`,
            value: round(p99Ratio),
            met: p99Ratio < TARGET_P99_RATIO,
          },
        );
      }
      summary[variant.name] = {
        path: variant.path,
        runs: {
          api: runs[variant.name].api.map(roundFigures),
          baseline: runs[variant.name].baseline.map(roundFigures),
        },
        medians: {
          api: {
            requestsPerSecond: round(rps.api),
            p50Ms: round(p50.api),
            p99Ms: round(p99.api),
            serverCpuMsPerRequest: round(cpu.api, 3),
          },
          baseline: {
            requestsPerSecond: round(rps.baseline),
            p50Ms: round(p50.baseline),
            p99Ms: round(p99.baseline),
            serverCpuMsPerRequest: round(cpu.baseline, 3),
          },
        },
        ratios: { requestsPerSecond: round(rpsRatio), p99: round(p99Ratio) },
        ...(targeted
          ? {
              targets: {
                requestsPerSecondRatioAtLeast: TARGET_RPS_RATIO,
                p99RatioBelow: TARGET_P99_RATIO,
                met: rpsRatio >= TARGET_RPS_RATIO && p99Ratio < TARGET_P99_RATIO,
              },
            }
          : {}),
      };
    }
    log(
      `  (${count(options.listNumbers)} numbers, ${options.connections} connections, ${options.duration} s each)`,
    );
    return {
      rows,
      targets,
      results: {
        numbers: options.listNumbers,
        connections: options.connections,
        durationS: options.duration,
        sameResponses,
        ...summary,
      },
    };
  } finally {
    await baseline?.stop();
    await api.stop();
  }
}

/** The API and the baseline must answer the same bytes for the comparison to mean anything. */
async function compareResponses(
  servers: Record<Side, string>,
  token: string,
  numbers: number,
): Promise<{ same: boolean; differences: string[] }> {
  const differences: string[] = [];
  const get = async (url: string) => {
    const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    return {
      status: response.status,
      link: response.headers.get('link'),
      body: await response.text(),
    };
  };
  const paths = ['/api/phones?limit=100', '/api/phones'];
  // The second page too, through the Link header the first one gave.
  const first = await get(`${servers.api}/api/phones?limit=100`);
  if (first.link)
    paths.push(first.link.slice(BENCH_PUBLIC_BASE_URL.length + 1, first.link.indexOf('>')));
  for (const path of paths) {
    const [api, baseline] = await Promise.all([
      get(servers.api + path),
      get(servers.baseline + path),
    ]);
    if (api.status !== 200) differences.push(`${path}: API answered ${api.status}`);
    if (api.status !== baseline.status)
      differences.push(`${path}: status ${api.status} vs ${baseline.status}`);
    if (api.link !== baseline.link)
      differences.push(`${path}: Link ${api.link} vs ${baseline.link}`);
    if (api.body !== baseline.body) differences.push(`${path}: bodies differ`);
    if (path === '/api/phones' && (JSON.parse(api.body) as unknown[]).length !== numbers) {
      differences.push(
        `${path}: ${(JSON.parse(api.body) as unknown[]).length} numbers, not ${numbers}`,
      );
    }
  }
  return { same: differences.length === 0, differences };
}

function roundFigures(figures: LoadFigures) {
  return {
    requestsPerSecond: round(figures.requestsPerSecond),
    p50Ms: round(figures.p50Ms),
    p99Ms: round(figures.p99Ms),
    requests: figures.requests,
    serverCpuMsPerRequest: round(figures.serverCpuMsPerRequest, 3),
  };
}

class ListBaselineProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  static async start(databaseUrl: string, jwtSecret: string): Promise<ListBaselineProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [join(BENCH_DIST, 'baselines', 'list-server.js')], {
      cwd: REPOSITORY_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        AUTH_JWT_SECRET: jwtSecret,
        PUBLIC_BASE_URL: BENCH_PUBLIC_BASE_URL,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 30_000;
    while (!output.includes('listening on')) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`The list baseline did not start:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return new ListBaselineProcess(child, `http://127.0.0.1:${port}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
