import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

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

export class FieldErrorDto {
  @ApiProperty({ example: 'area_code' })
  field!: string;

  @ApiProperty({ example: 'area_code must be 3 digits, the first 2-9' })
  message!: string;
}

/** The body of every error response (application/problem+json). */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'https://docs.loquent.ai/problems/validation-failed' })
  type!: string;

  @ApiProperty({ example: 'The request is not valid' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'area_code must be 3 digits, the first 2-9' })
  detail!: string;

  @ApiPropertyOptional({ example: '/api/twilio/search-available-numbers' })
  instance?: string;

  @ApiProperty({ example: 'validation_failed', description: 'Stable machine-readable code' })
  code!: string;

  @ApiPropertyOptional({
    type: [FieldErrorDto],
    description: 'Each invalid field, for validation failures',
  })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({
    example: 21422,
    description: "Twilio's error code, when Twilio refused or failed",
  })
  twilio_code?: number;

  @ApiPropertyOptional({ example: 400, description: "Twilio's HTTP status, when Twilio answered" })
  twilio_status?: number;
}
