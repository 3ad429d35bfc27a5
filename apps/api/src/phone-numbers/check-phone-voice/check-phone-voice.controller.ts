import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CheckVoiceUrls } from '@loquent/telephony-domain';
import { CurrentPrincipal, RequirePermission } from '../../auth/auth.decorators';
import { Permission } from '../../auth/permissions';
import type { Principal } from '../../auth/principal';
import { VOICE_URL_SCHEMA } from '../../http/api-formats';
import { ApiProblemResponses } from '../../http/api-problem-responses.decorator';
import { GetUnsyncedNumbersRequestDto } from '../get-unsynced-numbers/get-unsynced-numbers.dto';
import { PhoneNumberListItemDto } from '../phone-number.response.dto';

export class DriftedNumberDto extends PhoneNumberListItemDto {
  @ApiProperty({ ...VOICE_URL_SCHEMA, nullable: true, description: 'The voice URL Twilio has now' })
  voice_url!: string | null;

  @ApiProperty({
    ...VOICE_URL_SCHEMA,
    nullable: true,
    description:
      'The VoiceFallbackUrl Twilio has now (drift when VOICE_FALLBACK_URL is set and this differs)',
  })
  voice_fallback_url!: string | null;
}

export class CheckPhoneVoiceResponseDto {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'How many of the organization’s numbers were checked',
  })
  checked!: number;

  @ApiProperty({
    type: [DriftedNumberDto],
    description:
      'Configured for Loquent, but Twilio now has another voice URL (or, with VOICE_FALLBACK_URL, another fallback URL)',
  })
  drifted!: DriftedNumberDto[];

  @ApiProperty({
    type: [PhoneNumberListItemDto],
    description: 'No longer in the Twilio account at all',
  })
  missing!: PhoneNumberListItemDto[];
}

@ApiTags('Twilio numbers')
@Controller('api/twilio')
export class CheckPhoneVoiceController {
  constructor(private readonly checkVoiceUrls: CheckVoiceUrls) {}

  @Post('check-phone-voice')
  @HttpCode(200)
  @RequirePermission(Permission.PhoneInstanceView)
  @ApiOperation({
    summary:
      'Find numbers whose voice URL no longer points at Loquent, or that left the Twilio account',
    description: 'Reads the whole account once, a page at a time; changes nothing.',
  })
  @ApiBody({ type: GetUnsyncedNumbersRequestDto, required: false, description: 'None, or `{}`' })
  @ApiOkResponse({ type: CheckPhoneVoiceResponseDto })
  @ApiProblemResponses(502, 503)
  async check(
    @CurrentPrincipal() principal: Principal,
    @Body() _body: GetUnsyncedNumbersRequestDto,
  ): Promise<CheckPhoneVoiceResponseDto> {
    const report = await this.checkVoiceUrls.execute({ organizationId: principal.organizationId });
    return {
      checked: report.checked,
      drifted: report.drifted.map((n) => ({
        ...PhoneNumberListItemDto.from(n),
        voice_url: n.voiceUrl,
        voice_fallback_url: n.voiceFallbackUrl,
      })),
      missing: report.missing.map(PhoneNumberListItemDto.from),
    };
  }
}
