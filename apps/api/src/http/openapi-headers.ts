import type { HeaderObject, ReferenceObject } from '@nestjs/swagger';

/**
 * The response headers the API sends, described once: routes refer to them
 * (`#/components/headers/<name>`), and the document lists them under components.headers.
 */
export const RESPONSE_HEADERS = {
  'X-Request-Id': {
    required: true,
    description:
      "The request's id, in every log line about it: the caller's X-Request-Id when it is 1 to 128 letters, digits " +
      'or `_.:-`, otherwise a new UUID',
    schema: { type: 'string', pattern: '^[\\w.:-]{1,128}$' },
  },
  'Retry-After': {
    description: 'Seconds to wait before retrying',
    schema: { type: 'integer', minimum: 0, example: 5 },
  },
  Link: {
    description:
      'The next page, when there is one: `<URL>; rel="next"` (RFC 8288). Follow the URL as it is; its `after` ' +
      'is an opaque cursor',
    schema: {
      type: 'string',
      pattern: '^<[^>]+>; rel="next"$',
      example: '<https://api.loquent.ai/api/phones?limit=50&after=14155550100>; rel="next"',
    },
  },
  'Idempotent-Replayed': {
    description:
      'Present on a response replayed for a repeated Idempotency-Key: the first response, not a new one',
    schema: { type: 'string', enum: ['true'] },
  },
  'WWW-Authenticate': {
    required: true,
    description: 'The scheme to authenticate with (RFC 6750)',
    schema: { type: 'string', example: 'Bearer realm="loquent"' },
  },
  'Accept-Encoding': {
    description:
      'The Content-Encodings a request body may have, when the one given is not among them',
    schema: { type: 'string', example: 'gzip, deflate, br' },
  },
  ETag: {
    required: true,
    description:
      "The number's version: every change of the number moves it on, so of two answers the one with the " +
      'higher version shows the later state',
    schema: { type: 'string', pattern: '^"\\d+"$', example: '"3"' },
  },
  'Cache-Control': {
    required: true,
    description: 'How the response may be cached',
    schema: { type: 'string', example: 'no-store' },
  },
} satisfies Record<string, HeaderObject>;

export type ResponseHeaderName = keyof typeof RESPONSE_HEADERS;

export function headerRef(name: ResponseHeaderName): ReferenceObject {
  return { $ref: `#/components/headers/${name}` };
}

/** The headers @nestjs/throttler adds, per named limit, to what a rate-limited route answers. */
export function rateLimitHeaders(name: string): Record<string, HeaderObject> {
  const integer = (description: string): HeaderObject => ({
    description,
    schema: { type: 'integer', minimum: 0 },
  });
  return {
    [`X-RateLimit-Limit-${name}`]: integer(`Requests allowed per window (the ${name} limit)`),
    [`X-RateLimit-Remaining-${name}`]: integer('Requests left in this window'),
    [`X-RateLimit-Reset-${name}`]: integer('Seconds until the window starts again'),
  };
}
