import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath, type HeadersObject } from '@nestjs/swagger';
import { headerRef, RESPONSE_HEADERS } from './openapi-headers';
import { PROBLEM_CONTENT_TYPE, ProblemDetailsDto } from './problem-details';

const DESCRIPTIONS: Record<number, string> = {
  400:
    'The request is not valid: field errors in `errors` (`validation_failed`, which also names fields holding ' +
    'U+0000 or an unpaired surrogate, __proto__/constructor/prototype keys, and any field the route does not ' +
    'declare), a body that does not decode or parse as a JSON object (`malformed_body`), one nested deeper than ' +
    '32 levels (`body_too_deep`), or a criterion that does not apply (`invalid_*`, naming `field` and `value`)',
  401: 'No bearer token, or an invalid or expired one (`unauthenticated`)',
  403: 'The token lacks the permission this route needs (`missing_permission`, naming `permission`)',
  404: 'Not found in this organization',
  409: 'Conflicts with the current state (already registered, not available...)',
  413: 'Request body over 100 kB, compressed or not (`payload_too_large`)',
  415:
    'A body that is not UTF-8 JSON (Content-Type: application/json), or a Content-Encoding other than gzip, ' +
    'deflate or br (`unsupported_media_type`; Accept-Encoding then lists those)',
  422: 'Understood, but refused: see the route for why',
  429: 'Rate limit of the organization reached (`rate_limited`): retry after Retry-After seconds',
  500:
    'Unexpected failure (`internal_error`), which reveals nothing of its cause; for a purchase, a number bought ' +
    'but not registered (`purchased_number_not_saved`) names `phone_number` and `twilio_sid`',
  502: 'Twilio failed or refused (Twilio code in `twilio_code`, its status in `twilio_status`)',
  503: 'Twilio unreachable, or rate limiting (`telephony_provider_rate_limited`, with Retry-After)',
};

/** The headers an error of a status carries, on any route. */
const HEADERS: Record<number, HeadersObject> = {
  401: { 'WWW-Authenticate': headerRef('WWW-Authenticate') },
  // concurrent_update and purchase_in_progress say when to try again.
  409: { 'Retry-After': headerRef('Retry-After') },
  415: { 'Accept-Encoding': headerRef('Accept-Encoding') },
  429: { 'Retry-After': { ...RESPONSE_HEADERS['Retry-After'], required: true } },
  503: { 'Retry-After': headerRef('Retry-After') },
};

/** What every route that takes a token can answer, whatever it does. */
const TOKEN_ROUTE_STATUSES = [400, 401, 403, 413, 415, 500];

/**
 * Documents the problem+json error responses of a route that needs a bearer token: those every
 * such route can give (bad input, no token, no permission, an unreadable body, an unexpected
 * failure) and the route's own. The bearer requirement itself is the document's default.
 */
export function ApiProblemResponses(
  ...problems: (number | ProblemWithHeaders)[]
): MethodDecorator & ClassDecorator {
  return ApiProblems(...TOKEN_ROUTE_STATUSES, ...problems);
}

/** An error status, with headers the route adds to it (set before it fails). */
export interface ProblemWithHeaders {
  status: number;
  headers: HeadersObject;
}

/** Documents exactly these problem+json error responses (for routes that take no token). */
export function ApiProblems(
  ...problems: (number | ProblemWithHeaders)[]
): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, HeadersObject>();
  for (const problem of problems) {
    const { status, headers } =
      typeof problem === 'number' ? { status: problem, headers: {} } : problem;
    byStatus.set(status, { ...HEADERS[status], ...byStatus.get(status), ...headers });
  }
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ...[...byStatus].map(([status, headers]) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
        ...(Object.keys(headers).length > 0 ? { headers } : {}),
      }),
    ),
  ) as MethodDecorator & ClassDecorator;
}
