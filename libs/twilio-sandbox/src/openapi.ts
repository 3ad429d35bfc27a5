import { readFileSync } from 'node:fs';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { SandboxRequestLog } from './sandbox-log';
import { SandboxOperation, SPEC_OPERATION_IDS } from './sandbox-routes';

// @loquent/twilio-sandbox/openapi, for tests: Twilio's official OpenAPI description of the 2010 API
// and checks against it, of the sandbox's answers and of the requests a client sends.

// Twilio's own OpenAPI description of the 2010 API, as shipped in @twilio-alpha/mcp.
const SPEC_FILE = require.resolve('@twilio-alpha/mcp/twilio-oai/spec/json/twilio_api_v2010.json');
export const SPEC_ID = 'https://api.twilio.com/oai/twilio_api_v2010.json';

export interface JsonSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
}

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}

export interface SpecOperation {
  operationId: string;
  parameters?: SpecParameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}

export interface Located {
  path: string;
  method: string;
  operation: SpecOperation;
}

export const spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as {
  paths: Record<string, Record<string, SpecOperation>>;
  components: { schemas: Record<string, JsonSchema> };
};

/** Twilio's error body; the spec declares no error responses at all, so this is the fallback. */
export const ERROR_SCHEMA = {
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

export function pointer(...segments: string[]): string {
  return (
    '#/' +
    segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')
  );
}

export function locate(operationId: string): Located {
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of ['get', 'post', 'delete']) {
      const operation = item[method];
      if (operation?.operationId === operationId) return { path, method, operation };
    }
  }
  throw new Error(`${operationId} is not in Twilio's description`);
}

export function resolve(schema: JsonSchema): JsonSchema {
  const prefix = '#/components/schemas/';
  return schema.$ref?.startsWith(prefix)
    ? spec.components.schemas[schema.$ref.slice(prefix.length)]!
    : schema;
}

/** Every schema of the description, compiled once. */
export const ajv = createAjv();

/** The schema of an operation's answer; `specOperationId` picks one of those it serves. */
export function responseValidator(
  operation: SandboxOperation,
  status: number,
  specOperationId: string = SPEC_OPERATION_IDS[operation][0]!,
): ValidateFunction {
  if (!SPEC_OPERATION_IDS[operation].includes(specOperationId)) {
    throw new Error(`${operation} does not answer ${specOperationId}`);
  }
  const { path, method } = locate(specOperationId);
  const ref = `${SPEC_ID}${pointer('paths', path, method, 'responses', String(status), 'content', 'application/json', 'schema')}`;
  const validate = ajv.getSchema(ref);
  if (!validate) throw new Error(`No schema at ${ref}`);
  return validate;
}

/** Problems of a logged request against the spec: operation, path, query and form parameters. */
export function specProblems(request: SandboxRequestLog): string[] {
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
