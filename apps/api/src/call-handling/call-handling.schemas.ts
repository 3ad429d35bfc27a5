import type { ApiPropertyOptions, SchemaObject } from '@nestjs/swagger';
import {
  BUSINESS_HOURS_LIMITS,
  CALL_MESSAGE_MAX_LENGTH,
  DIAL_TIMEOUT,
  VOICEMAIL_MAX_LENGTH,
  WEEKDAYS,
} from '@loquent/telephony-domain';
import { E164 } from '../http/api-formats';

const message = (description: string): SchemaObject => ({
  type: 'string',
  minLength: 1,
  maxLength: CALL_MESSAGE_MAX_LENGTH,
  description: `${description}. NFC-normalised and trimmed; no control, unpaired-surrogate or bidirectional formatting characters`,
});

/** A fallback as the API takes and shows it; every default is spelled out in answers. */
export const CALL_FALLBACK_SCHEMA: SchemaObject = {
  type: 'object',
  description:
    'What a call gets when the agent does not take it: forwarded to a person (`dial`), a message then a ' +
    'hang-up (`say`), or a voicemail (`voicemail`, listed by GET /api/phones/{id}/voicemails)',
  oneOf: [
    {
      type: 'object',
      title: 'dial',
      required: ['action', 'number'],
      additionalProperties: false,
      properties: {
        action: { type: 'string', enum: ['dial'] },
        number: { type: 'string', pattern: E164.source, example: '+14155550100' },
        timeout_s: {
          type: 'integer',
          minimum: DIAL_TIMEOUT.min,
          maximum: DIAL_TIMEOUT.max,
          default: DIAL_TIMEOUT.default,
          description: 'Seconds the person’s phone rings',
        },
      },
    },
    {
      type: 'object',
      title: 'say',
      required: ['action', 'message'],
      additionalProperties: false,
      properties: {
        action: { type: 'string', enum: ['say'] },
        message: message('Read to the caller, then the call ends'),
      },
    },
    {
      type: 'object',
      title: 'voicemail',
      required: ['action'],
      additionalProperties: false,
      properties: {
        action: { type: 'string', enum: ['voicemail'] },
        greeting: { ...message('Read before the beep'), nullable: true },
        max_length_s: {
          type: 'integer',
          minimum: VOICEMAIL_MAX_LENGTH.min,
          maximum: VOICEMAIL_MAX_LENGTH.max,
          default: VOICEMAIL_MAX_LENGTH.default,
        },
      },
    },
  ],
};

const TIME = '^([01][0-9]|2[0-3]):[0-5][0-9]$';

export const BUSINESS_HOURS_SCHEMA: SchemaObject = {
  type: 'object',
  description:
    'When the agent takes calls, in an IANA time zone (daylight saving as the zone has it); outside these, ' +
    'calls get the fallback. A range past midnight is two ranges.',
  required: ['time_zone', 'weekly'],
  additionalProperties: false,
  properties: {
    time_zone: { type: 'string', example: 'Europe/Paris', description: 'An IANA time zone' },
    weekly: {
      type: 'array',
      maxItems: BUSINESS_HOURS_LIMITS.ranges,
      items: {
        type: 'object',
        required: ['day', 'from', 'to'],
        additionalProperties: false,
        properties: {
          day: { type: 'string', enum: [...WEEKDAYS] },
          from: { type: 'string', pattern: TIME, example: '09:00' },
          to: {
            type: 'string',
            pattern: `${TIME}|^24:00$`,
            example: '17:30',
            description: 'After `from`; 24:00 for the end of the day',
          },
        },
      },
    },
    closed_dates: {
      type: 'array',
      maxItems: BUSINESS_HOURS_LIMITS.closedDates,
      items: { type: 'string', format: 'date', example: '2026-12-25' },
      description: 'Local dates closed all day',
    },
  },
};

/** Null clears it (in a request) or says there is none (in an answer). */
export const nullable = (schema: SchemaObject): ApiPropertyOptions =>
  ({ ...schema, nullable: true }) as ApiPropertyOptions;
