import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** An answer of the API, with what it answered: what the contract is checked against. */
export interface Exchange {
  method: string;
  /** The request's path, without its query, as sent. */
  path: string;
  requestHeaders?: Record<string, string | undefined>;
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, when it is JSON. */
  body?: unknown;
  /** The body as text, when it is text. */
  text?: string;
  /** Whether the answer had body bytes at all (a HEAD's or a 204's has none). */
  hasBody: boolean;
}

export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

type Json = Record<string, unknown>;

interface Operation {
  responses: Record<string, Json>;
}

interface PathEntry {
  template: string;
  pattern: RegExp;
  /** Literal segments first: `/settings/telephony/demo-access` before `/{name}`. */
  templated: number;
  item: Record<string, Operation>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Headers every answer may carry that are not part of any route's contract: HTTP's own framing,
 * and the security and CORS policy applied to every response alike. Any other header an answer
 * carries must be documented on that route's response.
 */
const TRANSPORT_HEADERS = new Set([
  'content-type',
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'vary',
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'cross-origin-embedder-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-expose-headers',
]);

/**
 * The document and the UI that shows it (swagger-ui's files under /docs/): the contract itself,
 * not a route of it.
 */
const DOCUMENT_ITSELF = /^\/docs(-json|-yaml)?(\/.*)?$/i;

/** OpenAPI 3.0 keywords that are annotations, not JSON Schema. */
const ANNOTATIONS = ['example', 'xml', 'externalDocs', 'deprecated', 'discriminator'];

const PROBLEM_SCHEMA = { $ref: '#/components/schemas/ProblemDetailsDto' };

const caches = new Map<string, OpenApiContract>();

/**
 * The OpenAPI document as a contract every answer is held to: the route must be documented, the
 * status documented for it, the body valid against the documented schema of its Content-Type
 * (no member the schema does not name), every required header present, every header that is
 * not transport documented and valid. A method a documented path does not take must be a 405
 * problem whose Allow lists the documented ones; a path the document does not have, a 404 problem.
 */
export class OpenApiContract {
  private readonly ajv: Ajv;
  private readonly paths: PathEntry[];
  private readonly validators = new Map<string, ValidateFunction>();

  private constructor(private readonly document: Json) {
    this.ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(this.ajv);
    // OpenAPI's own formats, which say how to encode, not what to accept.
    for (const format of ['binary', 'byte', 'int32', 'int64', 'float', 'double']) {
      this.ajv.addFormat(format, true);
    }
    const components = (document.components ?? {}) as { schemas?: Record<string, Json> };
    this.ajv.addSchema({
      $id: 'openapi',
      definitions: Object.fromEntries(
        Object.entries(components.schemas ?? {}).map(([name, schema]) => [
          name,
          toJsonSchema(schema),
        ]),
      ),
    });
    this.paths = Object.entries(document.paths as Record<string, Record<string, Operation>>)
      .map(([template, item]) => ({
        template,
        item,
        templated: template.split('{').length - 1,
        pattern: templatePattern(template),
      }))
      .sort((a, b) => a.templated - b.templated);
  }

  /** One contract per document, its validators compiled once for every suite. */
  static of(document: object): OpenApiContract {
    const key = JSON.stringify(document);
    let contract = caches.get(key);
    if (!contract) {
      contract = new OpenApiContract(document as Json);
      caches.set(key, contract);
    }
    return contract;
  }

  /** Throws a ContractViolation naming every way the answer differs from the document. */
  check(exchange: Exchange): void {
    const problems = this.problems(exchange);
    if (problems.length > 0) {
      const said = exchange.text !== undefined ? `\n  body: ${exchange.text.slice(0, 500)}` : '';
      throw new ContractViolation(
        `${exchange.method} ${exchange.path} → ${exchange.status} breaks the OpenAPI document:\n` +
          problems.map((p) => `  - ${p}`).join('\n') +
          said,
      );
    }
  }

  problems(exchange: Exchange): string[] {
    const method = exchange.method.toLowerCase();
    if (DOCUMENT_ITSELF.test(exchange.path)) return [];
    // A CORS preflight is the browser's protocol, answered by the CORS layer for every route.
    if (method === 'options' && exchange.requestHeaders?.['access-control-request-method']) {
      return [];
    }
    const matching = this.paths.filter((entry) => entry.pattern.test(exchange.path));
    if (matching.length === 0) {
      return exchange.status === 404
        ? this.problemAnswer(exchange)
        : [`no documented path matches ${exchange.path}, and the answer is not a 404`];
    }
    // Express answers HEAD with the GET route, without the body.
    const documented = method === 'head' ? ['head', 'get'] : [method];
    for (const entry of matching) {
      for (const candidate of documented) {
        const operation = entry.item[candidate];
        if (operation)
          return this.operationProblems(exchange, entry.template, candidate, operation);
      }
    }
    return this.methodNotAllowed(exchange, matching);
  }

  private methodNotAllowed(exchange: Exchange, matching: PathEntry[]): string[] {
    const allowed = new Set<string>();
    for (const entry of matching) {
      for (const method of METHODS) {
        if (entry.item[method]) allowed.add(method.toUpperCase());
      }
    }
    if (allowed.has('GET')) allowed.add('HEAD');
    const where = `${exchange.method.toUpperCase()} is not documented at ${matching[0]!.template}`;
    if (exchange.status !== 405) return [`${where}, and the answer is not a 405`];
    const problems = this.problemAnswer(exchange);
    const given = String(exchange.headers.allow ?? '')
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean)
      .sort();
    const expected = [...allowed].sort();
    if (given.join() !== expected.join()) {
      problems.push(`Allow is "${given.join(', ')}", the document has ${expected.join(', ')}`);
    }
    return problems;
  }

  /** A 404 or 405 outside any operation: still problem+json, with the problem schema. */
  private problemAnswer(exchange: Exchange): string[] {
    const type = mediaType(exchange.headers['content-type']);
    if (type !== 'application/problem+json') return [`Content-Type is ${type}, not a problem`];
    if (exchange.method.toLowerCase() === 'head') return [];
    return this.schemaProblems(PROBLEM_SCHEMA, exchange.body, 'body');
  }

  private operationProblems(
    exchange: Exchange,
    template: string,
    method: string,
    operation: Operation,
  ): string[] {
    const where = `${method.toUpperCase()} ${template}`;
    const status = String(exchange.status);
    const responses = operation.responses;
    const key = [status, `${status[0]}XX`, 'default'].find((k) => responses[k]);
    if (!key) {
      return [
        `${where} documents no ${status} (it documents ${Object.keys(responses).join(', ')})`,
      ];
    }
    const response = this.resolve(responses[key]!);
    return [
      ...this.headerProblems(exchange, response, where),
      ...this.bodyProblems(exchange, response, where),
    ];
  }

  private headerProblems(exchange: Exchange, response: Json, where: string): string[] {
    const problems: string[] = [];
    const documented = new Map<string, Json>();
    for (const [name, header] of Object.entries((response.headers ?? {}) as Record<string, Json>)) {
      documented.set(name.toLowerCase(), this.resolve(header));
    }
    for (const [name, header] of documented) {
      const value = exchange.headers[name];
      if (value === undefined) {
        if (header.required) problems.push(`header ${name}, required for ${where}, is missing`);
        continue;
      }
      const text = Array.isArray(value) ? value.join(', ') : value;
      const schema = (header.schema ?? {}) as Json;
      problems.push(...this.schemaProblems(schema, coerce(text, schema), `header ${name}`));
    }
    for (const name of Object.keys(exchange.headers)) {
      if (!TRANSPORT_HEADERS.has(name) && !documented.has(name)) {
        problems.push(`header ${name} is not documented for ${where} ${exchange.status}`);
      }
    }
    return problems;
  }

  private bodyProblems(exchange: Exchange, response: Json, where: string): string[] {
    const content = (response.content ?? {}) as Record<string, Json>;
    const types = Object.keys(content);
    const bodyless = exchange.method.toLowerCase() === 'head';
    if (types.length === 0) {
      return exchange.hasBody
        ? [`${where} ${exchange.status} documents no body, but one came`]
        : [];
    }
    if (bodyless) return [];
    if (!exchange.hasBody) return [`${where} ${exchange.status} documents a body, none came`];
    const type = mediaType(exchange.headers['content-type']);
    if (!content[type]) {
      return [
        `Content-Type ${type} is not documented for ${where} ${exchange.status} (${types.join(', ')})`,
      ];
    }
    if (!content[type].schema) return [];
    const json = type === 'application/json' || type.endsWith('+json');
    const value = json ? exchange.body : exchange.text;
    if (value === undefined) return [];
    return this.schemaProblems(content[type].schema as Json, value, 'body');
  }

  private schemaProblems(schema: Json, value: unknown, what: string): string[] {
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as Json);
      this.validators.set(key, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `${what}${error.instancePath} ${error.message}${
          error.params && Object.keys(error.params).length > 0
            ? ` (${JSON.stringify(error.params)})`
            : ''
        }`,
    );
  }

  private resolve(node: Json): Json {
    let current = node;
    while (typeof current.$ref === 'string') {
      current = (current.$ref as string)
        .slice(2)
        .split('/')
        .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce<Json>((at, segment) => at[segment] as Json, this.document);
    }
    return current;
  }
}

/**
 * An OpenAPI 3.0 schema as JSON Schema (draft-07) for Ajv: `nullable` as a null alternative, refs
 * to components into the document's definitions, annotations dropped, and every object closed
 * unless it says otherwise, so a member the document does not name is a difference too.
 */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const source = schema as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(source)) {
    if (ANNOTATIONS.includes(key) || key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace('#/components/schemas/', 'openapi#/definitions/');
    } else if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Json).map(([name, property]) => [name, toJsonSchema(property)]),
      );
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return source.nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

function templatePattern(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  // As Express routes: case-insensitive, with or without a trailing slash.
  return new RegExp(`^${source}/?$`, 'i');
}

function mediaType(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return (value ?? '').split(';')[0]!.trim().toLowerCase();
}

/** A header is text; its schema says what the text stands for. */
function coerce(value: string, schema: Json): unknown {
  if ((schema.type === 'integer' || schema.type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) {
    return Number(value);
  }
  return value;
}
