import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { RouteTable, servedRoutes } from '../../apps/api/src/http/routes';
import { PUBLIC_BASE_URL, TestApi } from '../support/api/test-api';

let api: TestApi;
let document: OpenApi;

interface Schema {
  type?: string;
  format?: string;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  maxLength?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  $ref?: string;
}
interface Parameter {
  name: string;
  in: string;
  schema: Schema;
  $ref?: string;
}
interface Response {
  headers?: Record<string, { $ref?: string; required?: boolean; schema?: Schema }>;
  content?: Record<string, { schema: Schema }>;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, Response>;
  security?: Record<string, string[]>[];
}
interface OpenApi {
  servers: { url: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    securitySchemes: Record<string, { type: string; in?: string; name?: string }>;
  };
}

beforeAll(async () => {
  api = await TestApi.start();
  document = (await api.http.get('/docs-json').expect(200)).body;
});

afterAll(() => api.close());

/** The /api routes any valid token may call: no permission, so no 403. */
const NO_PERMISSION_ROUTES = new Set(['get /api/organization/current']);

const operations = () =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
  );

/** Every named property of every schema of the document, with where it is. */
function* properties(
  schema: Schema | undefined,
  where: string,
): Generator<{ name: string; schema: Schema; where: string }> {
  if (!schema) return;
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    yield { name, schema: property, where: `${where}.${name}` };
    yield* properties(property, `${where}.${name}`);
    yield* properties(property.items, `${where}.${name}[]`);
  }
  for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) {
    yield* properties(part, where);
  }
  if (typeof schema.additionalProperties === 'object') {
    yield* properties(schema.additionalProperties, `${where}.*`);
  }
  yield* properties(schema.items, `${where}[]`);
}

function* everyProperty() {
  for (const [name, schema] of Object.entries(document.components.schemas)) {
    yield* properties(schema, name);
  }
  for (const { path, method, operation } of operations()) {
    for (const [type, { schema }] of Object.entries(operation.requestBody?.content ?? {})) {
      yield* properties(schema, `${method} ${path} ${type}`);
    }
    for (const [status, response] of Object.entries(operation.responses)) {
      for (const [type, { schema }] of Object.entries(response.content ?? {})) {
        yield* properties(schema, `${method} ${path} ${status} ${type}`);
      }
    }
  }
}

describe('the OpenAPI document (/docs-json)', () => {
  it("passes Redocly's recommended rules with no error", async () => {
    const stdout = await lint(JSON.stringify(document));
    const problems = JSON.parse(stdout) as { rule: string; severity: string; where: string }[];

    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    // The warnings left, each for a reason: a proprietary API has no license URL to give, and
    // /health answers no client error (a wrong method is a 405 the document cannot list).
    expect(problems.map((p) => `${p.rule} ${p.where}`).sort()).toEqual([
      'info-license-strict #/info/license/url',
      'operation-4xx-response #/paths/~1health/get/responses',
    ]);
  });

  it('describes every route the application serves, and serves every route it describes', () => {
    const served = servedRoutes(api.app.getHttpAdapter().getInstance())
      // The document and its viewer are the contract itself.
      .filter((route) => !/^\/docs(-json|-yaml)?(\/|$)/.test(route.path))
      .flatMap((route) =>
        route.methods
          .filter((method) => method !== 'HEAD')
          .map((method) => `${method} ${route.path.replace(/:(\w+)/g, '{$1}')}`),
      );
    const described = operations().map(({ path, method }) => `${method.toUpperCase()} ${path}`);

    expect([...new Set(served)].sort()).toEqual(described.sort());
  });

  it('answers the methods of its routes as the route table says, which is how 405 knows Allow', () => {
    const routes = api.app.get(RouteTable);

    for (const [template, item] of Object.entries(document.paths)) {
      const path = template.replace(/\{[^}]+\}/g, 'x');
      const methods = Object.keys(item).map((m) => m.toUpperCase());
      expect(
        routes
          .methodsAt(path)
          .filter((m) => m !== 'HEAD')
          .sort(),
      ).toEqual(expect.arrayContaining(methods.sort()));
    }
  });

  it('names the public base URL as its server', () => {
    expect(document.servers).toEqual([{ url: PUBLIC_BASE_URL, description: expect.any(String) }]);
  });

  it('asks for the bearer token by default, for nothing on /health and the settings page, and for the signature on webhooks', () => {
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/health']!.get!.security).toEqual([]);
    expect(document.paths['/settings/telephony/demo-access']!.get!.security).toEqual([]);
    for (const path of ['/twilio/voice', '/twilio/recording']) {
      expect(document.paths[path]!.post!.security).toEqual([{ twilioSignature: [] }]);
    }
    expect(document.components.securitySchemes.twilioSignature).toEqual(
      expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Twilio-Signature' }),
    );
  });

  it("describes Twilio's webhooks as Twilio sends them: signed forms, answered with TwiML or 204", () => {
    const voice = document.paths['/twilio/voice']!.post!;
    const recording = document.paths['/twilio/recording']!.post!;

    const form = voice.requestBody!.content['application/x-www-form-urlencoded']!.schema;
    expect(Object.keys(form.properties!)).toEqual(
      expect.arrayContaining(['AccountSid', 'CallSid', 'From', 'To']),
    );
    expect(Object.keys(voice.responses).sort()).toEqual(['200', '403', '500']);
    expect(Object.keys(voice.responses['200']!.content!)).toEqual(['text/xml']);
    expect(recording.requestBody!.content['application/x-www-form-urlencoded']).toBeDefined();
    expect(Object.keys(recording.responses).sort()).toEqual(['204', '403', '500']);
  });

  it('gives every id a UUID format, every number the E.164 pattern, and every sid its pattern', () => {
    const wrong: string[] = [];
    for (const { name, schema, where } of everyProperty()) {
      if (schema.type !== 'string' && !schema.items) continue;
      const value = schema.items ?? schema;
      // request_id is the caller's X-Request-Id token, not an id Loquent gives out.
      const loquentId = (name === 'id' || name.endsWith('_id')) && name !== 'request_id';
      if (loquentId && value.format !== 'uuid') wrong.push(where);
      if (
        ['number', 'phone_number', 'near_number'].includes(name) &&
        value.pattern !== '^\\+[1-9][0-9]{1,14}$'
      ) {
        wrong.push(where);
      }
      if (
        (name.endsWith('_sid') || name.endsWith('_sids') || name.endsWith('Sid')) &&
        !value.pattern
      ) {
        wrong.push(where);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('bounds twilio_sids to 1..1,000 PN sids, and the Idempotency-Key and path ids to their shapes', () => {
    const sync = document.paths['/api/twilio/sync-numbers']!.post!;
    const sids = sync.requestBody!.content['application/json']!.schema;
    const request = document.components.schemas[sids.$ref!.split('/').pop()!]!;
    expect(request.properties!.twilio_sids).toMatchObject({
      minItems: 1,
      maxItems: 1000,
      items: { pattern: '^PN[0-9a-fA-F]{32}$' },
    });

    for (const { path, method, operation } of operations()) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'path' && parameter.name === 'id') {
          expect({ path, method, schema: parameter.schema }).toMatchObject({
            schema: { format: 'uuid' },
          });
        }
        if (parameter.name === 'Idempotency-Key') {
          expect(parameter.schema).toMatchObject({ pattern: expect.any(String), maxLength: 255 });
        }
      }
    }
  });

  it('types every count, status, limit and code as an integer (coordinates are the only decimals)', () => {
    const decimals = [...everyProperty()]
      .filter(({ schema }) => schema.type === 'number')
      .map(({ name }) => name);

    expect([...new Set(decimals)].sort()).toEqual(['latitude', 'longitude']);
    const limit = document.paths['/api/phones']!.get!.parameters!.find((p) => p.name === 'limit')!;
    expect(limit.schema.type).toBe('integer');
  });

  it('declares the headers a client pages and backs off with', () => {
    const list = document.paths['/api/phones']!.get!;
    const buy = document.paths['/api/twilio/buy-phone-number']!.post!;
    const search = document.paths['/api/twilio/search-available-numbers']!.post!;

    expect(Object.keys(list.responses['200']!.headers!)).toContain('Link');
    expect(buy.responses['201']!.headers!.Location).toMatchObject({ required: true });
    expect(Object.keys(buy.responses['201']!.headers!)).toContain('Idempotent-Replayed');
    expect(Object.keys(buy.responses['409']!.headers!)).toContain('Retry-After');
    expect(search.responses['429']!.headers!['Retry-After']).toMatchObject({ required: true });
    expect(Object.keys(search.responses['503']!.headers!)).toContain('Retry-After');
    for (const { operation } of operations()) {
      for (const response of Object.values(operation.responses)) {
        expect(response.headers!['X-Request-Id']).toEqual({
          $ref: '#/components/headers/X-Request-Id',
        });
      }
    }
  });

  it('documents every error as a problem, each route with the statuses it can answer', () => {
    for (const { path, method, operation } of operations()) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        expect({ path, method, status, content: Object.keys(response.content ?? {}) }).toEqual({
          path,
          method,
          status,
          content: ['application/problem+json'],
        });
      }
      if (path.startsWith('/api/')) {
        // A route any valid token may call never answers 403, and does not say it might.
        const needsPermission = !NO_PERMISSION_ROUTES.has(`${method} ${path}`);
        expect(Object.keys(operation.responses)).toEqual(
          expect.arrayContaining(['400', '401', '413', '415', '500']),
        );
        expect({ path, method, documents403: '403' in operation.responses }).toEqual({
          path,
          method,
          documents403: needsPermission,
        });
      }
    }
    const problem = document.components.schemas.ProblemDetailsDto!;
    expect(Object.keys(problem.properties!)).toEqual(
      expect.arrayContaining([
        'code',
        'errors',
        'field',
        'value',
        'permission',
        'retry_after',
        'twilio_code',
      ]),
    );
    expect(problem.properties!.status!.type).toBe('integer');
  });
});

/** Redocly's lint, run by a script of ours with the document on its standard input. */
function lint(source: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [join(__dirname, '..', 'support', 'openapi', 'redocly-lint.mjs')],
      (error, stdout, stderr) =>
        error ? reject(new Error(stderr || String(error))) : resolve(stdout),
    );
    child.stdin!.end(source);
  });
}
