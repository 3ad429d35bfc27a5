import type { SchemaObject } from '@nestjs/swagger';

/**
 * The shapes of the API's ids, numbers and sids: one regular expression each, used both to
 * validate a request (class-validator) and to describe it in the OpenAPI document, so that what
 * the document promises is what the API checks.
 */
export const E164 = /^\+[1-9][0-9]{1,14}$/;
export const NUMBER_SID = /^PN[0-9a-fA-F]{32}$/;
export const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
export const ADDRESS_SID = /^AD[0-9a-fA-F]{32}$/;
export const BUNDLE_SID = /^BU[0-9a-fA-F]{32}$/;
/** Twilio's sids of a call and of a recording. */
export const CALL_SID = /^CA[0-9a-fA-F]{32}$/;
export const RECORDING_SID = /^RE[0-9a-fA-F]{32}$/;
/** Visible ASCII, 1 to 255 characters (the interceptor also takes it as a quoted string). */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** OpenAPI properties of a string in E.164 form. */
export const E164_SCHEMA = {
  type: String,
  pattern: E164.source,
  example: '+14155550100',
  description: 'E.164: + and up to 15 digits, the first not 0',
} as const;

export const NUMBER_SID_SCHEMA = {
  type: String,
  pattern: NUMBER_SID.source,
  example: 'PN0123456789abcdef0123456789abcdef',
  description: 'Twilio IncomingPhoneNumber sid: PN and 32 hex digits',
} as const;

export const UUID_SCHEMA = { type: String, format: 'uuid' } as const;

export const DATE_TIME_SCHEMA = { type: String, format: 'date-time' } as const;

/** What a health check says of one dependency. */
export const DEPENDENCY_CHECK_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['up', 'down'] },
    message: { type: 'string' },
    responseTime: { type: 'integer', minimum: 0, description: 'How long the check took, in ms' },
  },
};

/** What a health check says of each dependency, by name (`database`). */
export const DEPENDENCY_CHECKS_SCHEMA: SchemaObject = {
  type: 'object',
  additionalProperties: DEPENDENCY_CHECK_SCHEMA,
};

/** A URL Twilio requests for a number's calls: absolute, http or https. */
export const VOICE_URL_SCHEMA = {
  type: String,
  format: 'uri',
  example: 'https://example.com/voice',
} as const;
