import { readFileSync } from 'node:fs';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { AreaCode, E164Number, TwilioNumberSid, VoiceUrl } from '@loquent/telephony-domain';
import { TwilioClients, createTwilioClient } from '../twilio-clients';
import { TwilioTelephonyProvider } from '../twilio-telephony-provider';
import { OPERATION_PARAMETERS, ParamRule, SPEC_OPERATION_IDS } from './sandbox-routes';
import {
  SANDBOX_OPERATIONS,
  SandboxOperation,
  SandboxRequestLog,
  TwilioSandbox,
} from './twilio-sandbox';

// Twilio's own OpenAPI description of the 2010 API, as shipped in @twilio-alpha/mcp.
const SPEC_FILE = require.resolve('@twilio-alpha/mcp/twilio-oai/spec/json/twilio_api_v2010.json');
const SPEC_ID = 'https://api.twilio.com/oai/twilio_api_v2010.json';

interface JsonSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
}

interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}

interface SpecOperation {
  operationId: string;
  parameters?: SpecParameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}

interface Located {
  path: string;
  method: string;
  operation: SpecOperation;
}

const spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as {
  paths: Record<string, Record<string, SpecOperation>>;
  components: { schemas: Record<string, JsonSchema> };
};

/** Twilio's error body; the spec declares no error responses at all, so this is the fallback. */
const ERROR_SCHEMA = {
  type: 'object',
  required: ['code', 'message', 'more_info', 'status'],
  properties: {
    code: { type: 'integer' },
    message: { type: 'string' },
    more_info: { type: 'string', format: 'uri' },
    status: { type: 'integer' },
  },
};

const RFC_2822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;

/**
 * Ajv over the whole description: OpenAPI 3.0's `nullable` is one of Ajv's default keywords;
 * Twilio's own formats are registered one by one so no format check is silently skipped.
 */
function createAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv, ['date', 'date-time', 'int64']);
  ajv.addFormat('uri', { type: 'string', validate: isTwilioUri });
  ajv.addFormat('date-time-rfc-2822', {
    type: 'string',
    validate: (value) => RFC_2822.test(value) && !Number.isNaN(Date.parse(value)),
  });
  ajv.addFormat('phone-number', {
    type: 'string',
    // E.164, or the "(415) 555-0123" form Twilio uses in friendly_name.
    validate: (value) => /^[+(]?[\d\s().-]+$/.test(value) && value.replace(/\D/g, '').length >= 7,
  });
  ajv.addFormat('iso-country-code', /^[A-Z]{2}$/);
  ajv.addFormat('http-method', /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/);
  // Formats Twilio puts on objects; Ajv applies string formats to strings only.
  ajv.addFormat('uri-map', { type: 'string', validate: () => true });
  ajv.addFormat('phone-number-capabilities', { type: 'string', validate: () => true });
  ajv.addSchema({ ...spec, $id: SPEC_ID }, undefined, undefined, false);
  return ajv;
}

/**
 * Absolute http(s) URLs, or Twilio's own resource paths: the spec gives `format: uri` to
 * first_page_uri and the like, which Twilio writes relative to https://api.twilio.com.
 */
function isTwilioUri(value: string): boolean {
  const twilioPath = value.startsWith('/2010-04-01/');
  try {
    const url = new URL(value, twilioPath ? 'https://api.twilio.com' : undefined);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function pointer(...segments: string[]): string {
  return (
    '#/' +
    segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')
  );
}

function locate(operationId: string): Located {
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of ['get', 'post', 'delete']) {
      const operation = item[method];
      if (operation?.operationId === operationId) return { path, method, operation };
    }
  }
  throw new Error(`${operationId} is not in Twilio's description`);
}

function resolve(schema: JsonSchema): JsonSchema {
  const prefix = '#/components/schemas/';
  return schema.$ref?.startsWith(prefix)
    ? spec.components.schemas[schema.$ref.slice(prefix.length)]!
    : schema;
}

/** The sandbox's rule for a parameter, as it should be derived from the spec's schema. */
function ruleFromSpec(schema: JsonSchema): ParamRule {
  const resolved = resolve(schema);
  if (resolved.type === 'integer') {
    return {
      type: 'integer',
      ...(resolved.minimum !== undefined ? { min: resolved.minimum } : {}),
      ...(resolved.maximum !== undefined ? { max: resolved.maximum } : {}),
    };
  }
  if (resolved.type === 'boolean') return { type: 'boolean' };
  if (resolved.enum) return { type: 'enum', values: resolved.enum as string[] };
  if (resolved.format === 'uri') return { type: 'url' };
  const sid = /^\^([A-Z]{2})\[0-9a-fA-F\]\{32\}\$$/.exec(resolved.pattern ?? '');
  if (sid) return { type: 'sid', prefix: sid[1]! };
  return { type: 'string' };
}

let ajv: Ajv;
let sandbox: TwilioSandbox;

beforeAll(() => {
  ajv = createAjv();
});

beforeEach(async () => {
  sandbox = await TwilioSandbox.start();
});

afterEach(() => sandbox.stop());

function responseValidator(operation: SandboxOperation, status: number): ValidateFunction {
  const { path, method } = locate(SPEC_OPERATION_IDS[operation]);
  const ref = `${SPEC_ID}${pointer('paths', path, method, 'responses', String(status), 'content', 'application/json', 'schema')}`;
  const validate = ajv.getSchema(ref);
  if (!validate) throw new Error(`No schema at ${ref}`);
  return validate;
}

function expectValid(validate: ValidateFunction, body: unknown): void {
  validate(body);
  expect(validate.errors ?? []).toEqual([]);
}

async function call(
  method: string,
  path: string,
  form?: Record<string, string>,
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = {
    Authorization: `Basic ${Buffer.from(`${sandbox.accountSid}:${sandbox.authToken}`).toString('base64')}`,
  };
  if (form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers,
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const base = () => `/2010-04-01/Accounts/${sandbox.accountSid}`;

describe("the sandbox's operations in Twilio's description", () => {
  it.each(SANDBOX_OPERATIONS)(
    '%s accepts exactly the parameters the spec declares, with the same types',
    (operation) => {
      const { operation: specOperation } = locate(SPEC_OPERATION_IDS[operation]);
      const query = Object.fromEntries(
        (specOperation.parameters ?? [])
          .filter((p) => p.in === 'query')
          .map((p) => [p.name, ruleFromSpec(p.schema)]),
      );
      const formSchema =
        specOperation.requestBody?.content['application/x-www-form-urlencoded']?.schema;
      const form = formSchema
        ? Object.fromEntries(
            Object.entries(formSchema.properties ?? {}).map(([name, schema]) => [
              name,
              ruleFromSpec(schema),
            ]),
          )
        : null;

      expect(OPERATION_PARAMETERS[operation]).toEqual({ query, form });
    },
  );

  it('declares no error responses, so errors are checked against the shape Twilio documents', () => {
    for (const operation of SANDBOX_OPERATIONS) {
      const statuses = Object.keys(locate(SPEC_OPERATION_IDS[operation]).operation.responses);
      expect(statuses.every((status) => status.startsWith('2'))).toBe(true);
    }
  });

  it('registers every format the schemas the sandbox answers with use', () => {
    const formats = new Set<string>();
    for (const operation of SANDBOX_OPERATIONS) {
      JSON.stringify(locate(SPEC_OPERATION_IDS[operation]).operation, (key, value: unknown) => {
        if (key === 'format' && typeof value === 'string') formats.add(value);
        if (key === '$ref' && typeof value === 'string') {
          JSON.stringify(spec.components.schemas[value.split('/').pop()!], (k, v: unknown) => {
            if (k === 'format' && typeof v === 'string') formats.add(v);
            return v;
          });
        }
        return value;
      });
    }
    expect([...formats].filter((format) => !ajv.formats[format])).toEqual([]);
  });
});

describe('success bodies match the response schemas of the spec', () => {
  it('fetchAccount (200)', async () => {
    const reply = await call('GET', `${base()}.json`);

    expect(reply.status).toBe(200);
    expectValid(responseValidator('fetchAccount', 200), reply.body);
  });

  it('searchAvailableNumbers (200), with and without a known location', async () => {
    for (const areaCode of ['415', '479']) {
      const reply = await call(
        'GET',
        `${base()}/AvailablePhoneNumbers/US/Local.json?AreaCode=${areaCode}&PageSize=20`,
      );

      expect(reply.status).toBe(200);
      expectValid(responseValidator('searchAvailableNumbers', 200), reply.body);
    }
  });

  it('purchaseNumber (201), with settings sent along', async () => {
    const reply = await call('POST', `${base()}/IncomingPhoneNumbers.json`, {
      PhoneNumber: sandbox.availableNumbers('415')[0]!,
      FriendlyName: 'Front desk',
      VoiceUrl: 'https://example.com/voice',
      VoiceMethod: 'GET',
      StatusCallback: 'https://example.com/status',
      VoiceApplicationSid: 'AP' + 'a'.repeat(32),
    });

    expect(reply.status).toBe(201);
    expectValid(responseValidator('purchaseNumber', 201), reply.body);
  });

  it('listIncomingNumbers (200), on a middle page with both neighbours', async () => {
    sandbox.seedOwnedNumbers(100);
    const first = await call('GET', `${base()}/IncomingPhoneNumbers.json?PageSize=50`);
    const next = (first.body as { next_page_uri: string }).next_page_uri;

    const middle = await call('GET', next);

    expect(middle.body).toMatchObject({
      previous_page_uri: expect.any(String),
      next_page_uri: expect.any(String),
    });
    expectValid(responseValidator('listIncomingNumbers', 200), first.body);
    expectValid(responseValidator('listIncomingNumbers', 200), middle.body);
  });

  it('fetchIncomingNumber (200), for every demo number', async () => {
    for (const number of sandbox.ownedNumbers()) {
      const reply = await call('GET', `${base()}/IncomingPhoneNumbers/${number.sid}.json`);

      expect(reply.status).toBe(200);
      expectValid(responseValidator('fetchIncomingNumber', 200), reply.body);
    }
  });

  it('updateIncomingNumber (200), with every kind of setting changed', async () => {
    const sid = sandbox.ownedNumbers()[0]!.sid;

    const reply = await call('POST', `${base()}/IncomingPhoneNumbers/${sid}.json`, {
      VoiceUrl: 'https://api.loquent.test/twilio/voice',
      VoiceMethod: 'POST',
      VoiceFallbackUrl: 'https://example.com/fallback',
      VoiceCallerIdLookup: 'true',
      TrunkSid: 'TK' + 'b'.repeat(32),
      SmsFallbackMethod: 'GET',
      EmergencyStatus: 'Active',
      BundleSid: 'BU' + 'c'.repeat(32),
      VoiceReceiveMode: 'voice',
    });

    expect(reply.status).toBe(200);
    expectValid(responseValidator('updateIncomingNumber', 200), reply.body);
    expect(reply.body).toMatchObject({
      trunk_sid: 'TK' + 'b'.repeat(32),
      voice_caller_id_lookup: true,
    });
  });

  it('releaseIncomingNumber (204, no body, as the spec declares no content)', async () => {
    const sid = sandbox.ownedNumbers()[0]!.sid;
    const declared = locate(SPEC_OPERATION_IDS.releaseIncomingNumber).operation.responses['204'];

    const reply = await call('DELETE', `${base()}/IncomingPhoneNumbers/${sid}.json`);

    expect(reply).toEqual({ status: 204, body: undefined });
    expect(declared?.content).toBeUndefined();
  });

  it('renders every property of the spec on its resources, and says which it adds', async () => {
    const properties = (name: string) => Object.keys(spec.components.schemas[name]!.properties!);
    const number = (
      await call('GET', `${base()}/IncomingPhoneNumbers/${sandbox.ownedNumbers()[0]!.sid}.json`)
    ).body as Record<string, unknown>;
    const account = (await call('GET', `${base()}.json`)).body as Record<string, unknown>;
    const search = (await call('GET', `${base()}/AvailablePhoneNumbers/US/Local.json?AreaCode=415`))
      .body as { available_phone_numbers: Record<string, unknown>[] };

    expect(Object.keys(number).sort()).toEqual(
      // subresource_uris is in Twilio's own example, not in its schema.
      [...properties('api.v2010.account.incoming_phone_number'), 'subresource_uris'].sort(),
    );
    expect(Object.keys(account).sort()).toEqual(
      properties('api.v2010.account')
        .filter((p) => p !== 'auth_token')
        .sort(),
    );
    expect(Object.keys(search.available_phone_numbers[0]!).sort()).toEqual(
      properties(
        'api.v2010.account.available_phone_number_country.available_phone_number_local',
      ).sort(),
    );
  });
});

describe("error bodies have Twilio's error shape", () => {
  let validateError: ValidateFunction;
  beforeAll(() => {
    validateError = ajv.compile(ERROR_SCHEMA);
  });

  const cases: [string, () => Promise<{ status: number; body: unknown }>, number, number][] = [
    [
      'no credentials',
      async () => {
        const response = await fetch(`${sandbox.url}${base()}.json`);
        return { status: response.status, body: await response.json() };
      },
      401,
      20003,
    ],
    [
      'an unknown sid',
      () => call('GET', `${base()}/IncomingPhoneNumbers/PN${'0'.repeat(32)}.json`),
      404,
      20404,
    ],
    [
      'another account',
      () => call('GET', `/2010-04-01/Accounts/AC${'1'.repeat(32)}/IncomingPhoneNumbers.json`),
      404,
      20404,
    ],
    [
      'an invalid phone number',
      () => call('POST', `${base()}/IncomingPhoneNumbers.json`, { PhoneNumber: '+15005550001' }),
      400,
      21421,
    ],
    [
      'a number not for sale',
      () => call('POST', `${base()}/IncomingPhoneNumbers.json`, { PhoneNumber: '+15005550000' }),
      400,
      21422,
    ],
    [
      'area code 533',
      () => call('GET', `${base()}/AvailablePhoneNumbers/US/Local.json?AreaCode=533`),
      400,
      21452,
    ],
    [
      'PageSize 5000',
      () => call('GET', `${base()}/IncomingPhoneNumbers.json?PageSize=5000`),
      400,
      20001,
    ],
    [
      'a relative VoiceUrl',
      () =>
        call('POST', `${base()}/IncomingPhoneNumbers/${sandbox.ownedNumbers()[0]!.sid}.json`, {
          VoiceUrl: '/voice',
        }),
      400,
      21502,
    ],
  ];

  it.each(cases)('%s', async (_name, request, status, code) => {
    const reply = await request();

    expect(reply.status).toBe(status);
    expectValid(validateError, reply.body);
    expect(reply.body).toMatchObject({ code, status });
  });

  it('an injected fault', async () => {
    sandbox.faults.failNext('fetchAccount', {
      status: 429,
      code: 20429,
      message: 'Too Many Requests',
    });

    const reply = await call('GET', `${base()}.json`);

    expectValid(validateError, reply.body);
  });
});

/** Problems of a logged request against the spec: operation, path, query and form parameters. */
function specProblems(request: SandboxRequestLog): string[] {
  const candidates = Object.entries(spec.paths)
    .map(([template, item]) => ({
      template,
      item,
      match: templateRegExp(template).exec(request.path),
    }))
    .filter((c) => c.match && c.item[request.method.toLowerCase()])
    // A literal segment beats a {Parameter} one: IncomingPhoneNumbers/Local.json is not a sid.
    .sort((a, b) => a.template.split('{').length - b.template.split('{').length);
  const found = candidates[0];
  if (!found) return [`${request.method} ${request.path} is no operation of the spec`];
  const method = request.method.toLowerCase();
  const operation = found.item[method]!;
  const problems: string[] = [];
  const parameters = operation.parameters ?? [];
  const names = [...found.template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const parameterSchema = (index: number) => [
    'paths',
    found.template,
    method,
    'parameters',
    String(index),
    'schema',
  ];
  const check = (where: string, value: unknown, path: string[]) => {
    const validate = ajv.getSchema(`${SPEC_ID}${pointer(...path)}`)!;
    if (!validate(value)) problems.push(`${where}: ${ajv.errorsText(validate.errors)}`);
  };

  for (const [i, name] of names.entries()) {
    const index = parameters.findIndex((p) => p.in === 'path' && p.name === name);
    if (index < 0) problems.push(`path parameter ${name} undeclared`);
    else check(`path ${name}`, decodeURIComponent(found.match![i + 1]!), parameterSchema(index));
  }
  const query = new URLSearchParams(request.query);
  for (const [name, value] of query) {
    const index = parameters.findIndex((p) => p.in === 'query' && p.name === name);
    if (index < 0) problems.push(`query parameter ${name} undeclared`);
    else check(`query ${name}`, coerce(value, parameters[index]!.schema), parameterSchema(index));
  }
  for (const required of parameters.filter((p) => p.required && p.in === 'query')) {
    if (!query.has(required.name)) problems.push(`query parameter ${required.name} missing`);
  }
  if (request.form) {
    const schema = operation.requestBody?.content['application/x-www-form-urlencoded']?.schema;
    if (!schema) {
      problems.push('a form body the operation does not take');
    } else {
      const body: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(request.form)) {
        const property = schema.properties?.[name];
        if (!property) problems.push(`form parameter ${name} undeclared`);
        // Twilio clears a URL given as "", which the spec's `format: uri` does not allow for.
        else if (!(value === '' && resolve(property).format === 'uri')) {
          body[name] = coerce(value, property);
        }
      }
      const path = ['paths', found.template, method, 'requestBody', 'content'];
      check('form', body, [...path, 'application/x-www-form-urlencoded', 'schema']);
    }
  }
  return problems;
}

function templateRegExp(template: string): RegExp {
  const source = template
    .split(/(\{\w+\})/)
    .map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/** Form and query values are text; the schema says what they stand for. */
function coerce(value: string, schema: JsonSchema): unknown {
  const type = resolve(schema).type;
  if (type === 'integer' || type === 'number')
    return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

describe('the requests the real adapter makes are valid operations of the spec', () => {
  const ORG = 'org-1';
  const provider = () =>
    new TwilioTelephonyProvider({
      forOrganization: async () =>
        createTwilioClient(sandbox.accountSid, sandbox.authToken, {
          apiBaseUrl: sandbox.url,
          timeoutMs: 5_000,
        }),
    } as unknown as TwilioClients);

  it('finds the problems of a request that is not (the check is not vacuous)', () => {
    const bad: SandboxRequestLog = {
      method: 'GET',
      path: `${base()}/IncomingPhoneNumbers.json`,
      query: 'PageSize=5000&Colour=red',
      form: null,
      operation: 'listIncomingNumbers',
      status: 400,
      account: sandbox.accountSid,
      fault: null,
    };
    const badForm: SandboxRequestLog = {
      ...bad,
      method: 'POST',
      path: `${base()}/IncomingPhoneNumbers/PN${'a'.repeat(32)}.json`,
      query: '',
      form: { VoiceMethod: 'PUT', Colour: 'red' },
    };

    expect(specProblems(bad)).toEqual([
      expect.stringMatching(/^query PageSize/),
      'query parameter Colour undeclared',
    ]);
    expect(specProblems(badForm)).toEqual([
      'form parameter Colour undeclared',
      expect.stringMatching(/^form: .*VoiceMethod/),
    ]);
    expect(specProblems({ ...badForm, form: { VoiceUrl: '/relative' } })).toEqual([
      expect.stringMatching(/^form: .*VoiceUrl must match format "uri"/),
    ]);
    expect(specProblems({ ...badForm, form: { VoiceUrl: '', VoiceMethod: 'POST' } })).toEqual([]);
    expect(specProblems({ ...bad, path: `${base()}/Nothing.json`, query: '' })).toHaveLength(1);
  });

  it('through every port operation, over several pages', async () => {
    sandbox.seedOwnedNumbers(2_500);
    const twilio = provider();

    await twilio.searchAvailableLocalNumbers(ORG, AreaCode.parse('415'));
    await twilio.searchAvailableLocalNumbers(ORG, AreaCode.parse('533'));
    const bought = await twilio.purchase(
      ORG,
      E164Number.parse(sandbox.availableNumbers('212')[0]!),
      {
        friendlyName: 'Front desk',
      },
    );
    await twilio.purchase(ORG, E164Number.parse(sandbox.availableNumbers('212')[0]!), {
      friendlyName: null,
    });
    let pages = 0;
    for await (const _page of twilio.incomingNumberPages(ORG)) pages++;
    await twilio.fetchIncomingNumber(ORG, bought.sid);
    await twilio.fetchIncomingNumber(ORG, TwilioNumberSid.parse('PN' + '0'.repeat(32)));
    await twilio.findIncomingNumber(ORG, bought.phoneNumber);
    await twilio.updateVoiceUrl(
      ORG,
      bought.sid,
      VoiceUrl.parse('https://api.loquent.test/twilio/voice'),
    );
    await twilio.updateVoiceUrl(ORG, bought.sid, null);
    await twilio.release(ORG, bought.sid);

    expect(pages).toBe(3);
    expect(new Set(sandbox.requests.map((r) => r.operation))).toEqual(
      new Set(SANDBOX_OPERATIONS.filter((o) => o !== 'fetchAccount')),
    );
    expect(
      sandbox.requests.flatMap((request) =>
        specProblems(request).map((p) => `${request.method} ${request.path}: ${p}`),
      ),
    ).toEqual([]);
    expect(sandbox.invalidRequests).toEqual([]);
  });
});
