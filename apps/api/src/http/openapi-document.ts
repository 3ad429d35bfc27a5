import type { INestApplication, Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import {
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type PathItemObject,
  type ResponseObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { PUBLIC_KEY } from '../auth/auth.decorators';
import type { RuntimeConfig } from '../config/runtime-config';
import { IDEMPOTENCY_KEY_HEADER } from '../idempotency/idempotency.interceptor';
import { headerRef, rateLimitHeaders, RESPONSE_HEADERS } from './openapi-headers';
import { RATE_LIMIT_KEY } from './organization-throttler.guard';

const DESCRIPTION = `Search, buy, import and configure the Twilio numbers of an organization, and the webhooks Twilio calls
for them.

- JSON bodies are snake_case. Every error is \`application/problem+json\` (RFC 9457) with a stable \`code\`
  and the extension members that say what went wrong (see \`ProblemDetailsDto\`).
- Every route needs \`Authorization: Bearer <JWT>\` (HS256; claims \`sub\`, \`org\`, \`permissions\`), except
  those whose \`security\` says otherwise: \`/health\` and the settings page need none, Twilio's webhooks are
  signed (\`X-Twilio-Signature\`).
- A method a path does not offer is answered \`405 Method Not Allowed\` with \`Allow\` listing the ones it does
  (problem+json, \`code\` \`method_not_allowed\`); a path the API does not have is a \`404\` problem.
- Every response carries \`X-Request-Id\`; send one (1 to 128 of \`[A-Za-z0-9_.:-]\`) to have it used.
- Routes taking \`Idempotency-Key\` replay the first final answer to a repeated key, marked
  \`Idempotent-Replayed: true\`.

The same document is served at \`/docs-json\` and shown at \`/docs\`.`;

const TAGS: [string, string][] = [
  [
    'Twilio numbers',
    'Search, buy and import numbers of the Twilio account, and point them at Loquent',
  ],
  ['Phone numbers', "The organization's numbers in Loquent"],
  ['Twilio account', "The organization's own Twilio account, instead of the platform's"],
  [
    'Twilio webhooks',
    'What Twilio sends Loquent about calls to its numbers: form-encoded and signed',
  ],
  ['Settings page', 'The Settings → Telephony page, which runs in the browser on this API'],
  ['Operations', 'Health, for load balancers (metrics are on a port of their own)'],
];

const REQUEST_ID_PARAMETER: ParameterObject = {
  name: 'X-Request-Id',
  in: 'header',
  required: false,
  description: 'An id for this request, echoed in X-Request-Id and every log line about it',
  schema: { type: 'string', pattern: '^[\\w.:-]{1,128}$' },
};

/**
 * The OpenAPI document of the API, from the controllers' decorators, plus what holds for every
 * route and so is written once here: the server, the bearer requirement and the routes exempt
 * from it (those marked @Public()), X-Request-Id on every request and response, and what an
 * Idempotency-Key adds to a route's answers.
 */
export function createOpenApiDocument(app: INestApplication, config: RuntimeConfig): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Loquent telephony API')
    .setDescription(DESCRIPTION)
    .setVersion('1.0')
    .addServer(config.publicBaseUrl, 'This API (PUBLIC_BASE_URL)')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'HS256 JWT with `sub`, `org` (organization id) and `permissions` (`Resource:Level:Variant` strings); ' +
          '`npm run cli -- token:create` issues one',
      },
      'bearer',
    )
    .addSecurity('twilioSignature', {
      type: 'apiKey',
      in: 'header',
      name: 'X-Twilio-Signature',
      description:
        "Twilio's signature of the request: HMAC-SHA1, in base64, of the public URL followed by the form " +
        "parameters sorted by name, keyed with the auth token of the account that owns the number (the account's " +
        'own, or the platform one). Anything that does not verify is a bare 403.',
    })
    .addSecurityRequirements('bearer');
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const base = builder.build();
  // package.json's "UNLICENSED": proprietary, with no license text to link to.
  base.info.license = { name: 'Proprietary' };
  base.components = {
    ...base.components,
    headers: RESPONSE_HEADERS,
    parameters: { 'X-Request-Id': REQUEST_ID_PARAMETER },
  };

  const document = SwaggerModule.createDocument(app, base);
  typeNullableChoices(document);
  const reflector = app.get(Reflector);
  const handlers = routeHandlers(app);
  for (const operation of operations(document)) {
    const route = handlers.get(operation.operationId);
    if (!route) throw new Error(`No handler for the operation ${operation.operationId}`);
    if (reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [route.handler, route.controller])) {
      // A public route with a scheme of its own (a Twilio signature) keeps it.
      operation.security ??= [];
    }
    const rateLimit = reflector.get<string | undefined>(RATE_LIMIT_KEY, route.handler);
    if (rateLimit) describeRateLimit(rateLimit, operation);
    operation.parameters = [
      ...(operation.parameters ?? []),
      { $ref: '#/components/parameters/X-Request-Id' },
    ];
    const idempotent = (operation.parameters as ParameterObject[]).some(
      (parameter) => parameter.in === 'header' && parameter.name === IDEMPOTENCY_KEY_HEADER,
    );
    for (const [status, response] of Object.entries(operation.responses) as [
      string,
      ResponseObject,
    ][]) {
      response.headers = { ...response.headers, 'X-Request-Id': headerRef('X-Request-Id') };
      if (idempotent) describeReplay(Number(status), response);
    }
  }
  return document;
}

/**
 * Nest drops `type` beside a declared `oneOf`, and OpenAPI 3.0 reads `nullable` only beside a
 * type: a nullable choice of objects (a fallback, or none) gets its `type: object` back.
 */
function typeNullableChoices(document: OpenAPIObject): void {
  for (const schema of Object.values(document.components?.schemas ?? {}) as SchemaObject[]) {
    for (const property of Object.values(schema.properties ?? {}) as SchemaObject[]) {
      if (property.nullable && property.oneOf && !property.type) property.type = 'object';
    }
  }
}

/**
 * The throttler counts a request once the token is checked (global guards, and the body
 * middleware, answer before it): its headers come with the route's own answers; over the limit,
 * the 429 carries its Retry-After.
 */
function describeRateLimit(name: string, operation: OperationObject): void {
  for (const [status, response] of Object.entries(operation.responses) as [
    string,
    ResponseObject,
  ][]) {
    if (status === '429') {
      response.headers = {
        ...response.headers,
        [`Retry-After-${name}`]: {
          required: true,
          description: `Seconds until the ${name} limit lets a request through`,
          schema: { type: 'integer', minimum: 0 },
        },
      };
    } else if (!BEFORE_THE_THROTTLER.has(status)) {
      response.headers = { ...response.headers, ...rateLimitHeaders(name) };
    }
  }
}

/** Answers given before the throttler counts the request. */
const BEFORE_THE_THROTTLER = new Set(['401', '403', '413', '415']);

/**
 * A route with an Idempotency-Key replays any final answer (a success, or a client error no
 * retry changes), and answers 409 with Retry-After while the first request with the key runs.
 */
function describeReplay(status: number, response: ResponseObject): void {
  if (status >= 500 || status === 429) return;
  response.headers = {
    ...response.headers,
    'Idempotent-Replayed': headerRef('Idempotent-Replayed'),
  };
  if (status === 409) {
    response.headers['Retry-After'] = headerRef('Retry-After');
    response.description +=
      '; `idempotency_key_in_flight` (with Retry-After) while the first request with this Idempotency-Key runs';
  }
  if (status === 422) {
    response.description +=
      '; `idempotency_key_reused`: the Idempotency-Key came with another request';
  }
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function* operations(document: OpenAPIObject): Generator<OperationObject> {
  for (const item of Object.values(document.paths) as PathItemObject[]) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) yield operation;
    }
  }
}

interface RouteHandler {
  controller: Type;
  handler: (...args: unknown[]) => unknown;
}

/** Every route handler, by the operation id Nest's document gives it (`Controller_method`). */
function routeHandlers(app: INestApplication): Map<string | undefined, RouteHandler> {
  const handlers = new Map<string | undefined, RouteHandler>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const controller = metatype as Type;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function' || !Reflect.hasMetadata(PATH_METADATA, handler)) continue;
        handlers.set(`${controller.name}_${name}`, {
          controller,
          handler: handler as RouteHandler['handler'],
        });
      }
    }
  }
  return handlers;
}
