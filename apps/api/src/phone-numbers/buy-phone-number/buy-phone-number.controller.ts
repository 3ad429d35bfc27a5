import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BuyNumber } from '@loquent/telephony-domain';
import { CurrentPrincipal, RequirePermission } from '../../auth/auth.decorators';
import { Permission } from '../../auth/permissions';
import type { Principal } from '../../auth/principal';
import { ApiProblemResponses } from '../../http/api-problem-responses.decorator';
import { PhoneNumberResponseDto } from '../phone-number.response.dto';
import { BuyPhoneNumberRequestDto } from './buy-phone-number.request.dto';

@ApiTags('Twilio numbers')
@Controller('api/twilio')
export class BuyPhoneNumberController {
  constructor(private readonly buyNumber: BuyNumber) {}

  @Post('buy-phone-number')
  @HttpCode(201)
  @RequirePermission(Permission.PhoneCollectionCreate)
  @ApiOperation({
    summary: "Buy a number in the organization's Twilio account and register it",
    description:
      'Default analyzers are attached and the voice URL is pointed at Loquent, the previous one remembered. ' +
      'If Twilio refuses the voice URL update the number is still registered, with voice_url_status "failed"; ' +
      'configure-phone-voice retries it.',
  })
  @ApiCreatedResponse({ type: PhoneNumberResponseDto })
  @ApiProblemResponses(409, 500, 502, 503)
  async buy(
    @CurrentPrincipal() principal: Principal,
    @Body() body: BuyPhoneNumberRequestDto,
  ): Promise<PhoneNumberResponseDto> {
    const phoneNumber = await this.buyNumber.execute({
      organizationId: principal.organizationId,
      phoneNumber: body.phone_number,
      friendlyName: body.friendly_name ?? null,
    });
    return PhoneNumberResponseDto.from(phoneNumber);
  }
}
