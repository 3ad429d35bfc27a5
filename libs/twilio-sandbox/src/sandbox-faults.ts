import { defaultCodeFor, defaultMessageFor } from './sandbox-errors';
import { isSandboxOperation, SandboxOperation } from './sandbox-routes';

/**
 * 'before': the fault replaces the operation, nothing changes. 'after': the operation is applied
 * (a purchase happens) and only then does the fault hit the response.
 */
export type FaultPhase = 'before' | 'after';

export interface FailOptions {
  times?: number;
  /** Let this many requests of the operation through first (a listing's second page is the second). */
  after?: number;
  status?: number;
  code?: number;
  message?: string;
  retryAfterSeconds?: number;
  phase?: FaultPhase;
}

export interface DropOptions {
  times?: number;
  /** Let this many requests of the operation through first (a listing's second page is the second). */
  after?: number;
  phase?: FaultPhase;
}

export interface DelayOptions {
  times?: number;
  /** Let this many requests of the operation through first (a listing's second page is the second). */
  after?: number;
  ms: number;
  phase?: FaultPhase;
}

export type Fault =
  | {
      kind: 'fail';
      phase: FaultPhase;
      status: number;
      code: number;
      message: string;
      retryAfterSeconds: number | null;
    }
  | { kind: 'drop'; phase: FaultPhase }
  | { kind: 'delay'; phase: FaultPhase; ms: number };

/** The fault-injection surface of TwilioSandbox.faults. */
export interface SandboxFaultControls {
  /** A fixed delay before every answer, or before one operation's answers; 0 removes it. */
  setLatency(ms: number, operation?: SandboxOperation): void;
  failNext(operation: SandboxOperation, options?: FailOptions): void;
  dropNext(operation: SandboxOperation, options?: DropOptions): void;
  delayNext(operation: SandboxOperation, options: DelayOptions): void;
  reset(): void;
}

/** Queued faults per operation (first queued, first used) and latencies. */
export class SandboxFaults implements SandboxFaultControls {
  private readonly queues = new Map<
    SandboxOperation,
    { fault: Fault; remaining: number; skip: number }[]
  >();
  private readonly latencies = new Map<SandboxOperation, number>();
  private globalLatency: number;

  constructor(private readonly initialLatencyMs = 0) {
    this.globalLatency = nonNegative(initialLatencyMs, 'latencyMs');
  }

  setLatency(ms: number, operation?: SandboxOperation): void {
    nonNegative(ms, 'ms');
    if (operation === undefined) {
      this.globalLatency = ms;
      return;
    }
    checkOperation(operation);
    if (ms === 0) this.latencies.delete(operation);
    else this.latencies.set(operation, ms);
  }

  failNext(operation: SandboxOperation, options: FailOptions = {}): void {
    const status = options.status ?? 500;
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new Error(`A failure needs an HTTP error status (400-599), got ${status}`);
    }
    if (options.retryAfterSeconds !== undefined) {
      nonNegative(options.retryAfterSeconds, 'retryAfterSeconds');
    }
    this.queue(operation, options, {
      kind: 'fail',
      phase: phaseOf(options.phase),
      status,
      code: options.code ?? defaultCodeFor(status),
      message: options.message ?? defaultMessageFor(status),
      retryAfterSeconds: options.retryAfterSeconds ?? null,
    });
  }

  dropNext(operation: SandboxOperation, options: DropOptions = {}): void {
    this.queue(operation, options, { kind: 'drop', phase: phaseOf(options.phase) });
  }

  delayNext(operation: SandboxOperation, options: DelayOptions): void {
    this.queue(operation, options, {
      kind: 'delay',
      phase: phaseOf(options.phase),
      ms: nonNegative(options.ms, 'ms'),
    });
  }

  /** Clears every queued fault and latency, back to the latency the sandbox started with. */
  reset(): void {
    this.queues.clear();
    this.latencies.clear();
    this.globalLatency = this.initialLatencyMs;
  }

  latencyFor(operation: SandboxOperation | null): number {
    return (operation && this.latencies.get(operation)) ?? this.globalLatency;
  }

  /** The fault the next request of this operation meets, consumed. */
  take(operation: SandboxOperation): Fault | null {
    const queue = this.queues.get(operation);
    const head = queue?.[0];
    if (!queue || !head) return null;
    if (head.skip > 0) {
      head.skip--;
      return null;
    }
    if (--head.remaining === 0) queue.shift();
    return head.fault;
  }

  pending(operation: SandboxOperation): number {
    return (this.queues.get(operation) ?? []).reduce((sum, entry) => sum + entry.remaining, 0);
  }

  private queue(
    operation: SandboxOperation,
    { times, after }: { times?: number; after?: number },
    fault: Fault,
  ): void {
    checkOperation(operation);
    const remaining = times ?? 1;
    if (!Number.isInteger(remaining) || remaining < 1) {
      throw new Error(`times must be a positive integer, got ${remaining}`);
    }
    const skip = after ?? 0;
    if (!Number.isInteger(skip) || skip < 0)
      throw new Error(`after must be an integer >= 0, got ${skip}`);
    let queue = this.queues.get(operation);
    if (!queue) this.queues.set(operation, (queue = []));
    queue.push({ fault, remaining, skip });
  }
}

function phaseOf(phase: FaultPhase | undefined): FaultPhase {
  if (phase === undefined) return 'before';
  if (phase !== 'before' && phase !== 'after') {
    throw new Error(`phase is 'before' or 'after', got ${String(phase)}`);
  }
  return phase;
}

function checkOperation(operation: unknown): void {
  if (!isSandboxOperation(operation)) throw new Error(`Unknown operation ${String(operation)}`);
}

function nonNegative(value: number, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`${name} must be a number >= 0, got ${String(value)}`);
  }
  return value;
}
