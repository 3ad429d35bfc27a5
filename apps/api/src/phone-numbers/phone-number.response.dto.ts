import { ApiOkResponse, ApiProperty } from '@nestjs/swagger';
import {
  DATE_TIME_SCHEMA,
  E164_SCHEMA,
  NUMBER_SID_SCHEMA,
  UUID_SCHEMA,
  VOICE_URL_SCHEMA,
} from '../http/api-formats';
import { headerRef } from '../http/openapi-headers';
import {
  BUSINESS_HOURS_SCHEMA,
  CALL_FALLBACK_SCHEMA,
  nullable,
} from '../call-handling/call-handling.schemas';
import { PHONE_NUMBER_SOURCES, PhoneNumber, VOICE_URL_STATUSES } from '@loquent/telephony-domain';
import type {
  PhoneNumberSource,
  PhoneNumberSummary,
  VoiceUrlStatus,
} from '@loquent/telephony-domain';
import type { Response } from 'express';

/** A phone number as the API returns it. */
export class PhoneNumberResponseDto {
  @ApiProperty(UUID_SCHEMA)
  id!: string;

  @ApiProperty(E164_SCHEMA)
  number!: string;

  @ApiProperty(NUMBER_SID_SCHEMA)
  twilio_sid!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Front desk' })
  friendly_name!: string | null;

  @ApiProperty({ ...UUID_SCHEMA, nullable: true, description: 'The AI agent that answers' })
  agent_id!: string | null;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    description: 'Analyzers that run on this number’s calls',
  })
  analyzer_ids!: string[];

  @ApiProperty({
    ...nullable(CALL_FALLBACK_SCHEMA),
    description:
      'What a call gets when the agent does not take it (outside business hours, no agent, outage, the ' +
      'agent’s stream ended); null: the organization’s default_fallback (GET /api/call-handling)',
  })
  fallback!: Record<string, unknown> | null;

  @ApiProperty({
    ...nullable(BUSINESS_HOURS_SCHEMA),
    description: 'When the agent takes calls; null: always',
  })
  business_hours!: Record<string, unknown> | null;

  @ApiProperty({
    enum: VOICE_URL_STATUSES,
    description: "Whether the number's voice URL points at Loquent",
  })
  voice_url_status!: VoiceUrlStatus;

  @ApiProperty({
    ...VOICE_URL_SCHEMA,
    nullable: true,
    description: 'The voice URL the number had before Loquent set its own; put back by a restore',
  })
  previous_voice_url!: string | null;

  @ApiProperty({
    ...VOICE_URL_SCHEMA,
    nullable: true,
    description:
      'The VoiceFallbackUrl the number had before Loquent set its own (VOICE_FALLBACK_URL); put back by a restore',
  })
  previous_voice_fallback_url!: string | null;

  @ApiProperty({ enum: PHONE_NUMBER_SOURCES })
  source!: PhoneNumberSource;

  @ApiProperty(DATE_TIME_SCHEMA)
  created_at!: string;

  static from(phoneNumber: PhoneNumber): PhoneNumberResponseDto {
    return {
      id: phoneNumber.id,
      number: phoneNumber.number.value,
      twilio_sid: phoneNumber.twilioSid.value,
      friendly_name: phoneNumber.friendlyName?.value ?? null,
      agent_id: phoneNumber.agentId,
      analyzer_ids: [...phoneNumber.analyzerIds],
      fallback: phoneNumber.fallback?.toJSON() ?? null,
      business_hours: phoneNumber.businessHours?.toJSON() ?? null,
      voice_url_status: phoneNumber.voiceUrlStatus,
      previous_voice_url: phoneNumber.previousVoiceUrl?.value ?? null,
      previous_voice_fallback_url: phoneNumber.previousVoiceFallbackUrl?.value ?? null,
      source: phoneNumber.source,
      created_at: phoneNumber.createdAt.toISOString(),
    };
  }
}

/**
 * The number as the API returns it, with its version as the ETag: every change of a number moves
 * it on, so two answers tell which change came first.
 */
export function phoneNumberResponse(
  response: Response,
  phoneNumber: PhoneNumber,
): PhoneNumberResponseDto {
  response.setHeader('ETag', `"${phoneNumber.version}"`);
  return PhoneNumberResponseDto.from(phoneNumber);
}

/** The 200 of a route that answers with one number (phoneNumberResponse): the body and its ETag. */
export const ApiPhoneNumberOk = (description?: string) =>
  ApiOkResponse({
    type: PhoneNumberResponseDto,
    ...(description ? { description } : {}),
    headers: { ETag: headerRef('ETag') },
  });

/** One number of a list: the number's own fields. */
export class PhoneNumberListItemDto {
  @ApiProperty(UUID_SCHEMA)
  id!: string;

  @ApiProperty(E164_SCHEMA)
  number!: string;

  @ApiProperty({ type: String, nullable: true })
  friendly_name!: string | null;

  @ApiProperty({ ...UUID_SCHEMA, nullable: true })
  agent_id!: string | null;

  @ApiProperty(NUMBER_SID_SCHEMA)
  twilio_sid!: string;

  @ApiProperty({ enum: VOICE_URL_STATUSES })
  voice_url_status!: VoiceUrlStatus;

  @ApiProperty({ enum: PHONE_NUMBER_SOURCES })
  source!: PhoneNumberSource;

  @ApiProperty(DATE_TIME_SCHEMA)
  created_at!: string;

  static from(summary: PhoneNumberSummary): PhoneNumberListItemDto {
    return {
      id: summary.id,
      number: summary.number,
      friendly_name: summary.friendlyName,
      agent_id: summary.agentId,
      twilio_sid: summary.twilioSid,
      voice_url_status: summary.voiceUrlStatus,
      source: summary.source,
      created_at: summary.createdAt.toISOString(),
    };
  }
}
