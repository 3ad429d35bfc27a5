import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { ListVoicemails, VOICEMAIL_PAGE, Voicemail } from '@loquent/telephony-domain';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import type { Principal } from '../auth/principal';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { CALL_SID, DATE_TIME_SCHEMA, RECORDING_SID, UUID_SCHEMA } from '../http/api-formats';
import { ApiProblemResponses } from '../http/api-problem-responses.decorator';
import { headerRef } from '../http/openapi-headers';
import { phoneId } from '../phone-numbers/phone/phone.controller';
import { setNextPageLink } from '../http/next-page-link';

export class VoicemailResponseDto {
  @ApiProperty(UUID_SCHEMA)
  id!: string;

  @ApiProperty({ type: String, pattern: RECORDING_SID.source })
  recording_sid!: string;

  @ApiProperty({ type: String, pattern: CALL_SID.source })
  call_sid!: string;

  @ApiProperty({ type: String, description: 'Who called: E.164, or a SIP or client identity' })
  caller!: string;

  @ApiProperty({ type: 'integer', minimum: 0 })
  duration_s!: number;

  @ApiProperty({
    type: String,
    format: 'uri',
    description: 'Twilio’s recording (fetched with the account’s credentials)',
  })
  recording_url!: string;

  @ApiProperty(DATE_TIME_SCHEMA)
  received_at!: string;

  static from(voicemail: Voicemail): VoicemailResponseDto {
    return {
      id: voicemail.id,
      recording_sid: voicemail.recordingSid,
      call_sid: voicemail.callSid,
      caller: voicemail.caller,
      duration_s: voicemail.durationSeconds,
      recording_url: voicemail.recordingUrl,
      received_at: voicemail.receivedAt.toISOString(),
    };
  }
}

export class ListVoicemailsQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: VOICEMAIL_PAGE.max,
    default: VOICEMAIL_PAGE.default,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(VOICEMAIL_PAGE.max)
  limit?: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The cursor of the next page (the last voicemail’s id), from the Link header',
  })
  @IsOptional()
  @IsUUID('all', { message: 'after must be a voicemail id' })
  after?: string;
}

@ApiTags('Phone numbers')
@Controller('api/phones')
export class VoicemailsController {
  constructor(
    private readonly listVoicemails: ListVoicemails,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  @Get(':id/voicemails')
  @RequirePermission(Permission.PhoneInstanceView)
  @ApiParam({ name: 'id', format: 'uuid', description: 'The phone number’s id' })
  @ApiOperation({
    summary: 'Voicemails left on a number, newest first',
    description:
      'Kept when Twilio’s signed recording callback reports a voicemail complete (fallback `voicemail`). ' +
      'Keyset pages: the next one is in the Link header (rel="next").',
  })
  @ApiOkResponse({ type: [VoicemailResponseDto], headers: { Link: headerRef('Link') } })
  @ApiProblemResponses(404)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('id', phoneId) id: string,
    @Query() query: ListVoicemailsQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<VoicemailResponseDto[]> {
    const limit = query.limit ?? VOICEMAIL_PAGE.default;
    const page = await this.listVoicemails.execute({
      organizationId: principal.organizationId,
      phoneNumberId: id,
      after: query.after,
      limit,
    });
    const last = page.voicemails.at(-1);
    if (page.hasMore && last) {
      setNextPageLink(response, this.config.publicBaseUrl, `/api/phones/${id}/voicemails`, {
        limit: String(limit),
        after: last.id,
      });
    }
    return page.voicemails.map(VoicemailResponseDto.from);
  }
}
