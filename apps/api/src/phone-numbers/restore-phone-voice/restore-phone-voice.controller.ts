import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RestoreVoiceUrl } from '@loquent/telephony-domain';
import { CurrentPrincipal, RequirePermission } from '../../auth/auth.decorators';
import { Permission } from '../../auth/permissions';
import type { Principal } from '../../auth/principal';
import { ApiProblemResponses } from '../../http/api-problem-responses.decorator';
import { ConfigurePhoneVoiceRequestDto } from '../configure-phone-voice/configure-phone-voice.controller';
import type { Response } from 'express';
import {
  ApiPhoneNumberOk,
  phoneNumberResponse,
  PhoneNumberResponseDto,
} from '../phone-number.response.dto';

@ApiTags('Twilio numbers')
@Controller('api/twilio')
export class RestorePhoneVoiceController {
  constructor(private readonly restoreVoiceUrl: RestoreVoiceUrl) {}

  @Post('restore-phone-voice')
  @HttpCode(200)
  @RequirePermission(Permission.PhoneInstanceUpdate)
  @ApiOperation({
    summary: 'Give a number its previous voice URL back',
    description:
      'Writes previous_voice_url back to Twilio (clearing the voice URL when there was none) and forgets it: the ' +
      'number stays registered but no longer calls Loquent. A URL someone set after Loquent is not overwritten.',
  })
  @ApiPhoneNumberOk()
  @ApiProblemResponses(404, 409, 502, 503)
  async restore(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ConfigurePhoneVoiceRequestDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PhoneNumberResponseDto> {
    return phoneNumberResponse(
      response,
      await this.restoreVoiceUrl.execute({
        organizationId: principal.organizationId,
        phoneNumberId: body.phone_number_id,
      }),
    );
  }
}
