import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, REPOSITORY_ROOT } from './paths';

/** The results file the README's figures are generated from. */
export const DEFAULT_RESULTS = join(BENCH_DIR, 'results.json');

export const SCENARIOS = ['list', 'import', 'buy', 'memory', 'replicas'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface BenchOptions {
  scenarios: ScenarioName[];
  /** autocannon connections and seconds per measurement (the list scenario). */
  connections: number;
  duration: number;
  /** Seconds of load before the measured runs, so both servers are measured warm. */
  warmup: number;
  /** Measurements per figure; medians are reported. */
  runs: number;
  listNumbers: number;
  importNumbers: number;
  buys: number;
  memoryNumbers: number;
  /** Numbers of the account imported through two replicas behind a round-robin proxy. */
  replicaNumbers: number;
  /** Seconds the memory import may take before it stops and reports how far it got. */
  memoryBudget: number;
  /** Writes V8 CPU profiles of the API child (node --cpu-prof) into this directory. */
  cpuProfDir: string | null;
  /** Node flags of every API child: production's (docker/Dockerfile's NODE_OPTIONS) by default. */
  apiNodeArgs: string[];
  out: string;
}

const HELP = `npm run bench -- [flags]

  --scenarios list,import,buy,memory,replicas   which scenarios (default: all)
  --connections N      autocannon connections (default 10)
  --duration S         seconds per autocannon measurement (default 10)
  --warmup S           seconds of untimed load before each server is measured (default 2)
  --runs N             measurements per figure, medians reported (default 3)
  --list-numbers N     numbers of the listed organization (default 10000)
  --import-numbers N   numbers of the imported account; statements also at 2N (default 10000)
  --buys N             sequential buys per run (default 200)
  --memory-numbers N   numbers of the account imported for peak RSS (default 100000)
  --replica-numbers N  numbers imported through two replicas (default 100000)
  --memory-budget S    seconds the memory import may run before stopping (default 240)
  --cpu-prof [DIR]     profile the API child with node --cpu-prof (default dist/bench/profiles)
  --api-node-args "A B" node flags for the API child (default: docker/Dockerfile's NODE_OPTIONS,
                       as production runs it; "" for none)
  --out FILE           results file (default bench/results.json)
`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    scenarios: [...SCENARIOS],
    connections: 10,
    duration: 10,
    warmup: 2,
    runs: 3,
    listNumbers: 10_000,
    importNumbers: 10_000,
    buys: 200,
    memoryNumbers: 100_000,
    replicaNumbers: 100_000,
    memoryBudget: 240,
    cpuProfDir: null,
    apiNodeArgs: productionNodeOptions(),
    out: DEFAULT_RESULTS,
  };
  const args = [...argv];
  while (args.length > 0) {
    const arg = args.shift()!;
    const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = (): string => {
      const next = inline ?? args.shift();
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    const positive = (name: string, allowZero = false): number => {
      const number = Number(value());
      if (!Number.isInteger(number) || number < (allowZero ? 0 : 1)) {
        throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer`);
      }
      return number;
    };
    switch (flag) {
      case '--help':
      case '-h':
        console.log(HELP);
        process.exit(0);
        break;
      case '--scenarios':
        options.scenarios = value()
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean)
          .map((name) => {
            if (!(SCENARIOS as readonly string[]).includes(name)) {
              throw new Error(`Unknown scenario ${name}; pick from ${SCENARIOS.join(', ')}`);
            }
            return name as ScenarioName;
          });
        break;
      case '--connections':
        options.connections = positive(flag);
        break;
      case '--duration':
        options.duration = positive(flag);
        break;
      case '--warmup':
        options.warmup = positive(flag, true);
        break;
      case '--runs':
        options.runs = positive(flag);
        break;
      case '--list-numbers':
        options.listNumbers = positive(flag);
        break;
      case '--import-numbers':
        options.importNumbers = positive(flag);
        break;
      case '--buys':
        options.buys = positive(flag);
        break;
      case '--memory-numbers':
        options.memoryNumbers = positive(flag);
        break;
      case '--replica-numbers':
        options.replicaNumbers = positive(flag);
        break;
      case '--memory-budget':
        options.memoryBudget = positive(flag);
        break;
      case '--cpu-prof':
        options.cpuProfDir =
          inline ??
          (args[0] && !args[0].startsWith('--')
            ? args.shift()!
            : join(REPOSITORY_ROOT, 'dist', 'bench', 'profiles'));
        break;
      case '--api-node-args':
        options.apiNodeArgs = value().split(/\s+/).filter(Boolean);
        break;
      case '--out':
        options.out = value();
        break;
      default:
        throw new Error(`Unknown flag ${arg}\n\n${HELP}`);
    }
  }
  return options;
}

/** The NODE_OPTIONS the production image sets (docker/Dockerfile), so the bench runs the API alike. */
export function productionNodeOptions(): string[] {
  const dockerfile = readFileSync(join(REPOSITORY_ROOT, 'docker', 'Dockerfile'), 'utf8');
  const match = /\bNODE_OPTIONS="([^"]*)"/.exec(dockerfile);
  if (!match) throw new Error('docker/Dockerfile sets no NODE_OPTIONS="..."');
  return match[1]!.split(/\s+/).filter(Boolean);
}
