import { DelayOptions, DropOptions, FailOptions, SandboxFaultControls } from './sandbox-faults';
import { SandboxInvalidRequest, SandboxRequestLog } from './sandbox-log';
import { isSandboxOperation, SANDBOX_OPERATIONS, SandboxOperation } from './sandbox-routes';
import { SandboxNumber } from './sandbox-state';

/** What the control endpoints drive: the programmatic API of TwilioSandbox. */
export interface SandboxControlTarget {
  readonly url: string;
  readonly accountSid: string;
  readonly authToken: string;
  readonly faults: SandboxFaultControls;
  readonly requests: readonly SandboxRequestLog[];
  readonly invalidRequests: readonly SandboxInvalidRequest[];
  countOf(operation: SandboxOperation, status?: number): number;
  reset(): void;
  createAccount(friendlyName?: string): { accountSid: string; authToken: string };
  setAuthToken(accountSid: string, authToken: string): void;
  ownedNumbers(accountSid?: string): SandboxNumber[];
  ownNumber(
    input: {
      phoneNumber: string;
      friendlyName?: string;
      voiceUrl?: string | null;
      smsUrl?: string | null;
    },
    accountSid?: string,
  ): SandboxNumber;
  seedOwnedNumbers(count: number, options?: { accountSid?: string; areaCodes?: string[] }): void;
  availableNumbers(areaCode: string): string[];
}

export interface ControlResponse {
  status: number;
  body: unknown;
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The same controls as the programmatic API, over HTTP under /__sandbox (JSON bodies with the
 * programmatic option names), for a sandbox running in another process.
 */
export function handleControl(
  target: SandboxControlTarget,
  method: string,
  pathname: string,
  search: URLSearchParams,
  rawBody: string,
): ControlResponse {
  try {
    return route(target, method, pathname.replace(/\/+$/, ''), search, parseBody(rawBody));
  } catch (error) {
    const status = error instanceof ControlError ? error.status : 400;
    return { status, body: { error: error instanceof Error ? error.message : String(error) } };
  }
}

function route(
  target: SandboxControlTarget,
  method: string,
  path: string,
  search: URLSearchParams,
  body: Record<string, unknown>,
): ControlResponse {
  const ok = (value?: unknown, status?: number): ControlResponse => {
    const empty = value === undefined || value === null;
    return { status: status ?? (empty ? 204 : 200), body: empty ? null : value };
  };
  const is = (m: string, p: string) => method === m && path === p;
  const match = (m: string, pattern: RegExp) => (method === m ? pattern.exec(path) : null);

  if (is('GET', '/__sandbox')) {
    return ok({
      url: target.url,
      accountSid: target.accountSid,
      authToken: target.authToken,
      operations: SANDBOX_OPERATIONS,
    });
  }
  if (is('POST', '/__sandbox/reset')) return ok(target.reset());
  if (is('POST', '/__sandbox/faults/reset')) return ok(target.faults.reset());
  if (is('POST', '/__sandbox/faults/latency')) {
    const operation = body.operation === undefined ? undefined : operationOf(body);
    return ok(target.faults.setLatency(numberOf(body, 'ms'), operation));
  }
  if (is('POST', '/__sandbox/faults/fail')) {
    return ok(target.faults.failNext(operationOf(body), options<FailOptions>(body)));
  }
  if (is('POST', '/__sandbox/faults/drop')) {
    return ok(target.faults.dropNext(operationOf(body), options<DropOptions>(body)));
  }
  if (is('POST', '/__sandbox/faults/delay')) {
    return ok(target.faults.delayNext(operationOf(body), options<DelayOptions>(body)));
  }
  if (is('GET', '/__sandbox/requests')) return ok({ requests: target.requests });
  if (is('GET', '/__sandbox/invalid-requests')) {
    return ok({ invalidRequests: target.invalidRequests });
  }
  if (is('GET', '/__sandbox/count')) {
    const operation = search.get('operation');
    if (!isSandboxOperation(operation)) throw new Error(`Unknown operation ${operation}`);
    const status = search.get('status');
    return ok({
      count: target.countOf(operation, status === null ? undefined : Number(status)),
    });
  }
  if (is('POST', '/__sandbox/accounts')) {
    const friendlyName = optionalString(body, 'friendlyName');
    return ok(target.createAccount(friendlyName), 201);
  }
  let m = match('POST', /^\/__sandbox\/accounts\/([^/]+)\/auth-token$/);
  if (m) return ok(target.setAuthToken(m[1]!, stringOf(body, 'authToken')));
  m = match('GET', /^\/__sandbox\/accounts\/([^/]+)\/numbers$/);
  if (m) return ok({ numbers: target.ownedNumbers(m[1]!) });
  m = match('POST', /^\/__sandbox\/accounts\/([^/]+)\/numbers$/);
  if (m) {
    const input = {
      phoneNumber: stringOf(body, 'phoneNumber'),
      ...(body.friendlyName !== undefined ? { friendlyName: stringOf(body, 'friendlyName') } : {}),
      voiceUrl: nullableString(body, 'voiceUrl'),
      smsUrl: nullableString(body, 'smsUrl'),
    };
    return ok(target.ownNumber(input, m[1]!), 201);
  }
  m = match('POST', /^\/__sandbox\/accounts\/([^/]+)\/numbers\/seed$/);
  if (m) {
    const areaCodes = body.areaCodes;
    if (
      areaCodes !== undefined &&
      !(Array.isArray(areaCodes) && areaCodes.every((c) => typeof c === 'string'))
    ) {
      throw new Error('areaCodes must be an array of strings');
    }
    return ok(
      target.seedOwnedNumbers(numberOf(body, 'count'), {
        accountSid: m[1]!,
        ...(areaCodes ? { areaCodes: areaCodes as string[] } : {}),
      }),
    );
  }
  m = match('GET', /^\/__sandbox\/available-numbers\/([^/]+)$/);
  if (m) return ok({ numbers: target.availableNumbers(m[1]!) });
  throw new ControlError(404, `No sandbox control ${method} ${path}`);
}

function parseBody(raw: string): Record<string, unknown> {
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('The body must be JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('The body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function operationOf(body: Record<string, unknown>): SandboxOperation {
  if (!isSandboxOperation(body.operation)) {
    throw new Error(`operation must be one of ${SANDBOX_OPERATIONS.join(', ')}`);
  }
  return body.operation;
}

/** The fault options of a body: everything but the operation, checked by the faults. */
function options<T>(body: Record<string, unknown>): T {
  const { operation: _operation, ...rest } = body;
  return rest as T;
}

function numberOf(body: Record<string, unknown>, name: string): number {
  const value = body[name];
  if (typeof value !== 'number') throw new Error(`${name} must be a number`);
  return value;
}

function stringOf(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string') throw new Error(`${name} must be a string`);
  return value;
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  return body[name] === undefined ? undefined : stringOf(body, name);
}

function nullableString(body: Record<string, unknown>, name: string): string | null {
  return body[name] === undefined || body[name] === null ? null : stringOf(body, name);
}
