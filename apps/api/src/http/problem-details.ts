import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ADDRESS_SID,
  BUNDLE_SID,
  DEPENDENCY_CHECK_SCHEMA,
  E164_SCHEMA,
  NUMBER_SID_SCHEMA,
  UUID_SCHEMA,
} from './api-formats';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_TYPE_BASE = 'https://docs.loquent.ai/problems/';

/** RFC 9457 problem details, with Loquent's extension members in snake_case. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** Stable machine-readable code; for domain errors, the domain error's code. */
  code: string;
  [extension: string]: unknown;
}

export function problemType(slug: string): string {
  return `${PROBLEM_TYPE_BASE}${slug.replace(/_/g, '-')}`;
}

/** One invalid field of a request. */
export class FieldErrorDto {
  @ApiProperty({ example: 'area_code', description: 'The field, or `body` for the whole body' })
  field!: string;

  @ApiProperty({ example: 'area_code must be 3 digits, the first 2-9' })
  message!: string;
}

/**
 * The body of every error response (application/problem+json, RFC 9457). Besides the standard
 * members, an error carries the extension members that say what went wrong, each documented here:
 * a client can rely on them by name.
 */
export class ProblemDetailsDto {
  @ApiProperty({ format: 'uri', example: 'https://docs.loquent.ai/problems/validation-failed' })
  type!: string;

  @ApiProperty({ example: 'The request is not valid' })
  title!: string;

  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 400 })
  status!: number;

  @ApiProperty({ example: 'area_code must be 3 digits, the first 2-9' })
  detail!: string;

  @ApiPropertyOptional({
    format: 'uri-reference',
    example: '/api/twilio/search-available-numbers',
    description: 'The path of the request',
  })
  instance?: string;

  @ApiProperty({ example: 'validation_failed', description: 'Stable machine-readable code' })
  code!: string;

  @ApiPropertyOptional({
    type: [FieldErrorDto],
    description: 'Each invalid field (`validation_failed`)',
  })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({
    example: 'area_code',
    description:
      'The field or parameter refused (`invalid_search_criteria`, `invalid_page_request`)',
  })
  field?: string;

  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }],
    description: 'The value refused, as given (the `invalid_*` codes)',
  })
  value?: string | number | boolean;

  @ApiPropertyOptional({
    example: 'Phone:Collection:Create',
    description: 'The permission the token lacks (`missing_permission`)',
  })
  permission?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    example: 7,
    description:
      'Seconds to wait before retrying, as in Retry-After (`rate_limited`, `telephony_provider_rate_limited`)',
  })
  retry_after?: number;

  @ApiPropertyOptional({ ...UUID_SCHEMA, description: 'The phone number id not found' })
  id?: string;

  @ApiPropertyOptional({
    ...UUID_SCHEMA,
    description: 'The agent_id that is not one of the organization’s agents (`agent_not_found`)',
  })
  agent_id?: string;

  @ApiPropertyOptional({ ...E164_SCHEMA, description: 'The number the error is about' })
  phone_number?: string;

  @ApiPropertyOptional({
    ...NUMBER_SID_SCHEMA,
    description: 'The Twilio number the error is about',
  })
  twilio_sid?: string;

  @ApiPropertyOptional({
    type: 'integer',
    example: 21422,
    description: "Twilio's error code, when Twilio refused or failed",
  })
  twilio_code?: number;

  @ApiPropertyOptional({
    type: 'integer',
    example: 400,
    description: "Twilio's HTTP status, when Twilio answered",
  })
  twilio_status?: number;

  @ApiPropertyOptional({ description: "Twilio's message, when Twilio refused the request" })
  twilio_message?: string;

  @ApiPropertyOptional({
    example: 'suspended',
    description: 'The status Twilio gives the account (`twilio_account_not_active`)',
  })
  twilio_account_status?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    pattern: ADDRESS_SID.source,
    description: 'The address_sid the purchase was given (`address_required`)',
  })
  address_sid?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    pattern: BUNDLE_SID.source,
    description: 'The bundle_sid the purchase was given (`bundle_required`)',
  })
  bundle_sid?: string | null;

  @ApiPropertyOptional({
    type: 'integer',
    description: 'How many numbers were selected (`invalid_import_selection`)',
  })
  count?: number;

  @ApiPropertyOptional({
    type: 'integer',
    description: 'The fewest allowed (`invalid_import_selection`)',
  })
  min?: number;

  @ApiPropertyOptional({
    type: 'integer',
    description: 'The most allowed (`invalid_import_selection`)',
  })
  max?: number;

  @ApiPropertyOptional({
    type: 'integer',
    description: 'The longest allowed (`invalid_friendly_name`)',
  })
  max_length?: number;

  @ApiPropertyOptional({
    type: 'integer',
    description: 'The length of the value refused (`invalid_twilio_auth_token`; never the value)',
  })
  length?: number;

  @ApiPropertyOptional({
    type: 'integer',
    description: 'The deepest nesting allowed (`body_too_deep`)',
  })
  max_depth?: number;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string' },
    example: ['GET', 'HEAD'],
    description: 'The methods the path takes, as in Allow (`method_not_allowed`)',
  })
  allow?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: DEPENDENCY_CHECK_SCHEMA,
    description: 'Each dependency checked, by name, and whether it answers (`unhealthy`)',
  })
  checks?: Record<string, { status: 'up' | 'down'; message?: string; responseTime?: number }>;
}
