import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, ProblemDetailsDto } from './problem-details';

const DESCRIPTIONS: Record<number, string> = {
  400:
    'The request is not valid: field errors in `errors` (`validation_failed`, which also names fields holding ' +
    'U+0000 or an unpaired surrogate, and __proto__/constructor/prototype keys), a body that does not decode or ' +
    'parse as a JSON object (`malformed_body`), or one nested deeper than 32 levels (`body_too_deep`)',
  401: 'No bearer token, or an invalid or expired one',
  403: 'The token lacks the permission this route needs',
  404: 'Not found in this organization',
  409: 'Conflicts with the current state (already registered, not available...)',
  413: 'Request body over 100 kB, compressed or not',
  415: 'A body that is not UTF-8 JSON (Content-Type: application/json), or a Content-Encoding other than gzip, deflate or br',
  422: 'Idempotency-Key reused with another request, Twilio credentials refused, or the number needs an address or bundle',
  429: 'Rate limit of the organization reached (see Retry-After)',
  500: 'Unexpected failure; for a purchase, the bought number is named in the body',
  502: 'Twilio failed or refused (Twilio code in `twilio_code`)',
  503: 'Twilio unreachable or rate limiting (see Retry-After)',
};

/** Documents a route's bearer auth and its problem+json error responses (any route may get a body). */
export function ApiProblemResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ApiBearerAuth(),
    ...[...new Set([400, 401, 403, 413, 415, ...statuses])].map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
      }),
    ),
  ) as MethodDecorator & ClassDecorator;
}
