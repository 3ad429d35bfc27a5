import { TwilioSandbox } from '@loquent/twilio-sandbox';
import { BenchOptions } from './options';
import { BenchPostgres } from './postgres';
import { SandboxTiming } from './sandbox-timing';

export interface BenchContext {
  options: BenchOptions;
  postgres: BenchPostgres;
  /** One sandbox for the whole run, zero latency, in this process; each scenario its own accounts. */
  sandbox: TwilioSandbox;
  timing: SandboxTiming;
  log(line: string): void;
}

/** One line of the printed table. */
export interface TableRow {
  scenario: string;
  metric: string;
  api: string;
  baseline: string;
  ratio: string;
  /** The peer's figure (NestJS + TypeORM as usually written) and API / peer, where measured. */
  peer?: string;
  peerRatio?: string;
  target: string;
  /** Whether the target is met; null when the line has no target. */
  met: boolean | null;
}

export interface ScenarioOutcome {
  results: Record<string, unknown>;
  rows: TableRow[];
  /** Targets of this scenario, for the results file. */
  targets: { name: string; target: string; value: number; met: boolean }[];
}
