import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, ProblemDetailsDto } from './problem-details';

const DESCRIPTIONS: Record<number, string> = {
  400: 'The request is not valid (field errors in `errors`)',
  401: 'No bearer token, or an invalid or expired one',
  403: 'The token lacks the permission this route needs',
  404: 'Not found in this organization',
  409: 'Conflicts with the current state (already registered, not available...)',
  413: 'Request body over 100 kB',
  422: 'Idempotency-Key reused with another request, Twilio credentials refused, or the number needs an address or bundle',
  429: 'Rate limit of the organization reached (see Retry-After)',
  500: 'Unexpected failure; for a purchase, the bought number is named in the body',
  502: 'Twilio failed or refused (Twilio code in `twilio_code`)',
  503: 'Twilio unreachable or rate limiting (see Retry-After)',
};

/** Documents a route's bearer auth and its problem+json error responses. */
export function ApiProblemResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ApiBearerAuth(),
    ...[400, 401, 403, ...statuses].map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
      }),
    ),
  ) as MethodDecorator & ClassDecorator;
}
