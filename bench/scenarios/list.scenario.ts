import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../apps/api/src/bootstrap/free-port';
import { ApiChild, BENCH_PUBLIC_BASE_URL } from '../support/api-child';
import { BenchContext, ScenarioOutcome, TableRow } from '../support/context';
import { createOrganization, insertPhoneNumbers } from '../support/fixtures';
import { count, ms, perSecond, times } from '../support/format';
import { LoadFigures, measureLoad } from '../support/load';
import { BENCH_DIST, REPOSITORY_ROOT } from '../support/paths';
import { PeerProcess } from '../support/peer-process';
import { median, ratio, round } from '../support/stats';

/** Targets of P7 (issue 19): API / floor, and API / peer for requests per second. */
const TARGET_PAGE_RPS_RATIO = 0.8;
const TARGET_PAGE_CPU_RATIO = 1.5;
const TARGET_PAGE_P99_RATIO = 2;
const TARGET_PAGE_PEER_RPS_RATIO = 1.5;
const TARGET_WHOLE_RPS_RATIO = 0.9;

const VARIANTS = [
  { name: 'page', label: 'page of 100', path: '/api/phones?limit=100' },
  { name: 'whole', label: 'whole list', path: '/api/phones' },
] as const;

type Side = 'api' | 'baseline' | 'peer';
const SIDES: readonly Side[] = ['api', 'baseline', 'peer'];

/**
 * GET /api/phones of an organization of N numbers, a page of 100 and the whole list, under
 * autocannon, against a node:http + pg server running the repository's SQL (the floor) and the
 * peer (NestJS + TypeORM as their documentation teaches), on the same database.
 */
export async function listScenario(context: BenchContext): Promise<ScenarioOutcome> {
  const { options, postgres, sandbox, log } = context;
  const database = await postgres.createDatabase('bench_list');
  const organization = await createOrganization(database);
  await insertPhoneNumbers(database, organization.id, options.listNumbers);

  const twilio = {
    accountSid: sandbox.accountSid,
    authToken: sandbox.authToken,
    apiBaseUrl: sandbox.url,
  };
  const api = await ApiChild.start({
    databaseUrl: database,
    twilio,
    cpuProfDir: options.cpuProfDir,
    nodeArgs: options.apiNodeArgs,
    label: 'list',
  });
  let baseline: ListBaselineProcess | null = null;
  let peer: PeerProcess | null = null;
  try {
    baseline = await ListBaselineProcess.start(database, api.jwtSecret);
    peer = await PeerProcess.start({
      databaseUrl: database,
      jwtSecret: api.jwtSecret,
      twilio,
      nodeArgs: options.apiNodeArgs,
    });
    const token = api.token(organization.id);
    const servers: Record<Side, string> = { api: api.url, baseline: baseline.url, peer: peer.url };
    const pids: Record<Side, number> = { api: api.pid, baseline: baseline.pid, peer: peer.pid };

    const sameResponses = await compareResponses(servers, 'baseline', token, options.listNumbers);
    log(`  same JSON and Link headers from API and floor: ${sameResponses.same ? 'yes' : 'NO'}`);
    if (!sameResponses.same) log(`  differences: ${sameResponses.differences.join('; ')}`);
    const samePeer = await compareResponses(servers, 'peer', token, options.listNumbers);
    log(`  same JSON and Link headers from API and peer: ${samePeer.same ? 'yes' : 'NO'}`);
    if (!samePeer.same) log(`  differences: ${samePeer.differences.join('; ')}`);

    const load = { connections: options.connections, duration: options.duration };
    if (options.warmup > 0) {
      for (const variant of VARIANTS) {
        for (const side of SIDES) {
          await measureLoad(servers[side] + variant.path, token, {
            ...load,
            duration: options.warmup,
          });
        }
      }
    }

    const runs: Record<(typeof VARIANTS)[number]['name'], Record<Side, LoadFigures[]>> = {
      page: { api: [], baseline: [], peer: [] },
      whole: { api: [], baseline: [], peer: [] },
    };
    for (let run = 0; run < options.runs; run++) {
      for (const variant of VARIANTS) {
        // Rotate which goes first, so drift on a shared machine does not favour one side.
        const order = SIDES.map((_, i) => SIDES[(i + run) % SIDES.length]!);
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
              `server CPU ${figures.serverCpuMsPerRequest.toFixed(2)} ms/request, ` +
              `database CPU ${figures.databaseCpuMsPerRequest.toFixed(2)} ms/request`,
          );
        }
      }
    }

    const rows: TableRow[] = [];
    const targets: ScenarioOutcome['targets'] = [];
    const summary: Record<string, unknown> = {};
    for (const variant of VARIANTS) {
      const medians = (pick: (figures: LoadFigures) => number) =>
        Object.fromEntries(
          SIDES.map((side) => [side, median(runs[variant.name][side].map(pick))]),
        ) as Record<Side, number>;
      const rps = medians((f) => f.requestsPerSecond);
      const p99 = medians((f) => f.p99Ms);
      const p50 = medians((f) => f.p50Ms);
      const cpu = medians((f) => f.serverCpuMsPerRequest);
      const databaseCpu = medians((f) => f.databaseCpuMsPerRequest);
      const rpsRatio = ratio(rps.api, rps.baseline);
      const peerRpsRatio = ratio(rps.api, rps.peer);
      const p99Ratio = ratio(p99.api, p99.baseline);
      const cpuRatio = ratio(cpu.api, cpu.baseline);
      const page = variant.name === 'page';
      const scenario = `list ${variant.label}`;
      const rpsTarget = page ? TARGET_PAGE_RPS_RATIO : TARGET_WHOLE_RPS_RATIO;
      rows.push(
        {
          scenario,
          metric: 'requests/s',
          api: perSecond(rps.api),
          baseline: perSecond(rps.baseline),
          ratio: times(rpsRatio),
          peer: perSecond(rps.peer),
          peerRatio: times(peerRpsRatio),
          target: page
            ? `>= ${rpsTarget}x floor, >= ${TARGET_PAGE_PEER_RPS_RATIO}x peer`
            : `>= ${rpsTarget}x floor`,
          met: rpsRatio >= rpsTarget && (!page || peerRpsRatio >= TARGET_PAGE_PEER_RPS_RATIO),
        },
        {
          scenario,
          metric: 'p99 latency',
          api: ms(p99.api),
          baseline: ms(p99.baseline),
          ratio: times(p99Ratio),
          peer: ms(p99.peer),
          peerRatio: times(ratio(p99.api, p99.peer)),
          target: page ? `<= ${TARGET_PAGE_P99_RATIO}x floor` : '',
          met: page ? p99Ratio <= TARGET_PAGE_P99_RATIO : null,
        },
        {
          scenario,
          metric: 'p50 latency',
          api: ms(p50.api),
          baseline: ms(p50.baseline),
          ratio: times(ratio(p50.api, p50.baseline)),
          peer: ms(p50.peer),
          peerRatio: times(ratio(p50.api, p50.peer)),
          target: '',
          met: null,
        },
        {
          scenario,
          metric: 'server CPU per request',
          api: ms(cpu.api),
          baseline: ms(cpu.baseline),
          ratio: times(cpuRatio),
          peer: ms(cpu.peer),
          peerRatio: times(ratio(cpu.api, cpu.peer)),
          target: page ? `<= ${TARGET_PAGE_CPU_RATIO}x floor` : '',
          met: page ? cpuRatio <= TARGET_PAGE_CPU_RATIO : null,
        },
        {
          scenario,
          metric: 'database CPU per request',
          api: ms(databaseCpu.api),
          baseline: ms(databaseCpu.baseline),
          ratio: times(ratio(databaseCpu.api, databaseCpu.baseline)),
          peer: ms(databaseCpu.peer),
          peerRatio: times(ratio(databaseCpu.api, databaseCpu.peer)),
          target: '',
          met: null,
        },
      );
      if (page) {
        targets.push(
          {
            name: 'list page of 100: req/s, API / floor',
            target: `>= ${TARGET_PAGE_RPS_RATIO}`,
            value: round(rpsRatio),
            met: rpsRatio >= TARGET_PAGE_RPS_RATIO,
          },
          {
            name: 'list page of 100: server CPU per request, API / floor',
            target: `<= ${TARGET_PAGE_CPU_RATIO}`,
            value: round(cpuRatio),
            met: cpuRatio <= TARGET_PAGE_CPU_RATIO,
          },
          {
            name: 'list page of 100: p99, API / floor',
            target: `<= ${TARGET_PAGE_P99_RATIO}`,
            value: round(p99Ratio),
            met: p99Ratio <= TARGET_PAGE_P99_RATIO,
          },
          {
            name: 'list page of 100: req/s, API / peer',
            target: `>= ${TARGET_PAGE_PEER_RPS_RATIO}`,
            value: round(peerRpsRatio),
            met: peerRpsRatio >= TARGET_PAGE_PEER_RPS_RATIO,
          },
        );
      } else {
        targets.push({
          name: `whole list of ${count(options.listNumbers)}: req/s, API / floor`,
          target: `>= ${TARGET_WHOLE_RPS_RATIO}`,
          value: round(rpsRatio),
          met: rpsRatio >= TARGET_WHOLE_RPS_RATIO,
        });
      }
      summary[variant.name] = {
        path: variant.path,
        runs: Object.fromEntries(
          SIDES.map((side) => [side, runs[variant.name][side].map(roundFigures)]),
        ),
        medians: Object.fromEntries(
          SIDES.map((side) => [
            side,
            {
              requestsPerSecond: round(rps[side]),
              p50Ms: round(p50[side]),
              p99Ms: round(p99[side]),
              serverCpuMsPerRequest: round(cpu[side], 3),
              databaseCpuMsPerRequest: round(databaseCpu[side], 3),
            },
          ]),
        ),
        ratios: {
          requestsPerSecond: round(rpsRatio),
          p99: round(p99Ratio),
          serverCpu: round(cpuRatio),
          requestsPerSecondVsPeer: round(peerRpsRatio),
        },
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
        samePeerResponses: samePeer,
        ...summary,
      },
    };
  } finally {
    await peer?.stop();
    await baseline?.stop();
    await api.stop();
  }
}

/** The API and the baseline must answer the same bytes for the comparison to mean anything. */
async function compareResponses(
  servers: Record<Side, string>,
  other: Exclude<Side, 'api'>,
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
      get(servers[other] + path),
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
    databaseCpuMsPerRequest: round(figures.databaseCpuMsPerRequest, 3),
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
