import { json, NextFunction, Request, Response, Router } from 'express';
import { DelayOptions, DropOptions, FailOptions, SandboxFaultControls } from './sandbox-faults';
import { SandboxInvalidRequest, SandboxRequestLog } from './sandbox-log';
import { isSandboxOperation, SANDBOX_OPERATIONS, SandboxOperation } from './sandbox-routes';
import { NumberType, Offer } from './sandbox-catalogue';
import { BundleRecord, SandboxNumber } from './sandbox-state';

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
  numbersForSale(query: { country: string; type: NumberType; areaCode?: string }): Offer[];
  createAddress(input: { isoCountry: string; customerName?: string }, accountSid?: string): unknown;
  createBundle(
    input: { isoCountry: string; numberType: NumberType; status?: BundleRecord['status'] },
    accountSid?: string,
  ): unknown;
  addresses(accountSid?: string): unknown[];
  bundles(accountSid?: string): unknown[];
}

/**
 * The same controls as the programmatic API, over HTTP under /__sandbox (JSON bodies with the
 * programmatic option names), for a sandbox running in another process. Answers 204 when a
 * control returns nothing, 400 `{error}` for a mistake, 404 for a control that does not exist.
 */
export function controlRouter(target: SandboxControlTarget): Router {
  const router = Router({ caseSensitive: true });
  // Whatever the Content-Type (curl -d sends a form type): a control body is always JSON.
  router.use(json({ type: () => true, limit: '1mb' }));
  const reply = (res: Response, value: unknown, status?: number) => {
    if (value === undefined || value === null) res.status(status ?? 204).end();
    else res.status(status ?? 200).json(value);
  };
  const body = (req: Request): Record<string, unknown> => {
    if (req.body === undefined) return {};
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
      throw new Error('The body must be a JSON object');
    }
    return req.body as Record<string, unknown>;
  };

  router.get('/', (_req, res) =>
    reply(res, {
      url: target.url,
      accountSid: target.accountSid,
      authToken: target.authToken,
      operations: SANDBOX_OPERATIONS,
    }),
  );
  router.post('/reset', (_req, res) => reply(res, target.reset()));
  router.post('/faults/reset', (_req, res) => reply(res, target.faults.reset()));
  router.post('/faults/latency', (req, res) => {
    const input = body(req);
    const operation = input.operation === undefined ? undefined : operationOf(input);
    reply(res, target.faults.setLatency(numberOf(input, 'ms'), operation));
  });
  router.post('/faults/fail', (req, res) => {
    const input = body(req);
    reply(res, target.faults.failNext(operationOf(input), options<FailOptions>(input)));
  });
  router.post('/faults/drop', (req, res) => {
    const input = body(req);
    reply(res, target.faults.dropNext(operationOf(input), options<DropOptions>(input)));
  });
  router.post('/faults/delay', (req, res) => {
    const input = body(req);
    reply(res, target.faults.delayNext(operationOf(input), options<DelayOptions>(input)));
  });
  router.get('/requests', (_req, res) => reply(res, { requests: target.requests }));
  router.get('/invalid-requests', (_req, res) =>
    reply(res, { invalidRequests: target.invalidRequests }),
  );
  router.get('/count', (req, res) => {
    const { operation, status } = req.query;
    if (!isSandboxOperation(operation)) throw new Error(`Unknown operation ${String(operation)}`);
    reply(res, {
      count: target.countOf(operation, typeof status === 'string' ? Number(status) : undefined),
    });
  });
  router.post('/accounts', (req, res) => {
    reply(res, target.createAccount(optionalString(body(req), 'friendlyName')), 201);
  });
  router.post('/accounts/:sid/auth-token', (req, res) => {
    reply(res, target.setAuthToken(req.params.sid, stringOf(body(req), 'authToken')));
  });
  router.get('/accounts/:sid/numbers', (req, res) =>
    reply(res, { numbers: target.ownedNumbers(req.params.sid) }),
  );
  router.post('/accounts/:sid/numbers', (req, res) => {
    const input = body(req);
    const number = {
      phoneNumber: stringOf(input, 'phoneNumber'),
      ...(input.friendlyName !== undefined
        ? { friendlyName: stringOf(input, 'friendlyName') }
        : {}),
      voiceUrl: nullableString(input, 'voiceUrl'),
      smsUrl: nullableString(input, 'smsUrl'),
    };
    reply(res, target.ownNumber(number, req.params.sid), 201);
  });
  router.post('/accounts/:sid/numbers/seed', (req, res) => {
    const input = body(req);
    const areaCodes = input.areaCodes;
    if (
      areaCodes !== undefined &&
      !(Array.isArray(areaCodes) && areaCodes.every((c) => typeof c === 'string'))
    ) {
      throw new Error('areaCodes must be an array of strings');
    }
    reply(
      res,
      target.seedOwnedNumbers(numberOf(input, 'count'), {
        accountSid: req.params.sid,
        ...(areaCodes ? { areaCodes: areaCodes as string[] } : {}),
      }),
    );
  });
  router.get('/available-numbers/:areaCode', (req, res) =>
    reply(res, { numbers: target.availableNumbers(req.params.areaCode) }),
  );
  router.get('/numbers-for-sale/:country/:type', (req, res) => {
    const type = req.params.type;
    if (type !== 'local' && type !== 'toll_free' && type !== 'mobile') {
      throw new Error('type must be local, toll_free or mobile');
    }
    const areaCode = typeof req.query.areaCode === 'string' ? req.query.areaCode : undefined;
    reply(res, {
      numbers: target.numbersForSale({
        country: req.params.country,
        type,
        ...(areaCode ? { areaCode } : {}),
      }),
    });
  });
  router.get('/accounts/:sid/addresses', (req, res) =>
    reply(res, { addresses: target.addresses(req.params.sid) }),
  );
  router.post('/accounts/:sid/addresses', (req, res) => {
    const input = body(req);
    const customerName = optionalString(input, 'customerName');
    const address = {
      isoCountry: stringOf(input, 'isoCountry'),
      ...(customerName ? { customerName } : {}),
    };
    reply(res, target.createAddress(address, req.params.sid), 201);
  });
  router.get('/accounts/:sid/bundles', (req, res) =>
    reply(res, { bundles: target.bundles(req.params.sid) }),
  );
  router.post('/accounts/:sid/bundles', (req, res) => {
    const input = body(req);
    const status = optionalString(input, 'status');
    if (
      status !== undefined &&
      !['twilio-approved', 'pending-review', 'twilio-rejected'].includes(status)
    ) {
      throw new Error('status must be twilio-approved, pending-review or twilio-rejected');
    }
    const bundle = {
      isoCountry: stringOf(input, 'isoCountry'),
      numberType: stringOf(input, 'numberType') as NumberType,
      ...(status ? { status: status as BundleRecord['status'] } : {}),
    };
    reply(res, target.createBundle(bundle, req.params.sid), 201);
  });

  router.use((req, res) => {
    res.status(404).json({ error: `No sandbox control ${req.method} ${req.baseUrl}${req.path}` });
  });
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const parseFailure = (error as { type?: unknown }).type === 'entity.parse.failed';
    const status = (error as { status?: unknown }).status;
    res.status(typeof status === 'number' && status >= 400 && status < 500 ? status : 400).json({
      error: parseFailure
        ? 'The body must be JSON'
        : error instanceof Error
          ? error.message
          : String(error),
    });
  });
  return router;
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
