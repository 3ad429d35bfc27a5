import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ConfigureVoiceUrl } from '@loquent/telephony-domain';
import { IsUUID } from 'class-validator';
import { CurrentPrincipal, RequirePermission } from '../../auth/auth.decorators';
import { Permission } from '../../auth/permissions';
import type { Principal } from '../../auth/principal';
import { UUID_SCHEMA } from '../../http/api-formats';
import { ApiProblemResponses } from '../../http/api-problem-responses.decorator';
import type { Response } from 'express';
import {
  ApiPhoneNumberOk,
  phoneNumberResponse,
  PhoneNumberResponseDto,
} from '../phone-number.response.dto';

export class ConfigurePhoneVoiceRequestDto {
  @ApiProperty({ ...UUID_SCHEMA, description: 'The id of one of the organization’s numbers' })
  @IsUUID('all', { message: 'phone_number_id must be a UUID' })
  phone_number_id!: string;
}

@ApiTags('Twilio numbers')
@Controller('api/twilio')
export class ConfigurePhoneVoiceController {
  constructor(private readonly configureVoiceUrl: ConfigureVoiceUrl) {}

  @Post('configure-phone-voice')
  @HttpCode(200)
  @RequirePermission(Permission.PhoneInstanceUpdate)
  @ApiOperation({
    summary: "Point a number's voice webhook at Loquent",
    description:
      'The URL that was there is remembered the first time (previous_voice_url); configuring again keeps it. ' +
      'Also retries a number whose voice URL failed when it was bought.',
  })
  @ApiPhoneNumberOk()
  @ApiProblemResponses(404, 409, 502, 503)
  async configure(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ConfigurePhoneVoiceRequestDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PhoneNumberResponseDto> {
    const phoneNumber = await this.configureVoiceUrl.execute({
      organizationId: principal.organizationId,
      phoneNumberId: body.phone_number_id,
    });
    return phoneNumberResponse(response, phoneNumber);
  }
}
