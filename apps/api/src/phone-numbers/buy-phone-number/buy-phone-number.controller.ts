import { Body, Controller, HttpCode, Inject, Post, Res, UseInterceptors } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { BuyNumber } from '@loquent/telephony-domain';
import type { Response } from 'express';
import { CurrentPrincipal, RequirePermission } from '../../auth/auth.decorators';
import { Permission } from '../../auth/permissions';
import type { Principal } from '../../auth/principal';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../../config/runtime-config';
import { E164_SCHEMA } from '../../http/api-formats';
import { ApiProblemResponses } from '../../http/api-problem-responses.decorator';
import { BUY_THROTTLER, RateLimited } from '../../http/organization-throttler.guard';
import {
  IDEMPOTENCY_KEY_HEADER_DOC,
  IdempotencyInterceptor,
} from '../../idempotency/idempotency.interceptor';
import { PhoneNumberResponseDto } from '../phone-number.response.dto';
import { BuyPhoneNumberRequestDto } from './buy-phone-number.request.dto';

export class PurchasePendingResponseDto {
  @ApiProperty({ enum: ['pending_confirmation'] })
  status!: 'pending_confirmation';

  @ApiProperty(E164_SCHEMA)
  phone_number!: string;

  @ApiProperty()
  detail!: string;
}

@ApiTags('Twilio numbers')
@Controller('api/twilio')
export class BuyPhoneNumberController {
  constructor(
    private readonly buyNumber: BuyNumber,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  @Post('buy-phone-number')
  @HttpCode(201)
  @RequirePermission(Permission.PhoneCollectionCreate)
  @RateLimited(BUY_THROTTLER)
  @UseInterceptors(IdempotencyInterceptor)
  @ApiHeader(IDEMPOTENCY_KEY_HEADER_DOC)
  @ApiOperation({
    summary: "Buy a number in the organization's Twilio account and register it",
    description:
      'Default analyzers are attached and the voice URL is pointed at Loquent, the previous one remembered. ' +
      'If Twilio refuses the voice URL update the number is still registered, with voice_url_status "failed"; ' +
      'configure-phone-voice retries it. When Twilio does not say whether it sold the number (a timeout) the ' +
      'answer is 202: the purchase is being confirmed, and the number appears in the list once it is. ' +
      'A number whose address_requirements is not none needs address_sid, and most numbers outside the US ' +
      'and Canada an approved bundle_sid: without them Twilio refuses the purchase, answered with 422 ' +
      "(code address_required or bundle_required, Twilio's code in twilio_code) and nothing bought or kept.",
  })
  @ApiCreatedResponse({
    type: PhoneNumberResponseDto,
    headers: {
      Location: {
        required: true,
        description: 'The number: GET it at this URL',
        schema: { type: 'string', format: 'uri' },
      },
    },
  })
  @ApiAcceptedResponse({
    type: PurchasePendingResponseDto,
    description: 'The purchase is being confirmed',
  })
  @ApiProblemResponses(409, 422, 429, 500, 502, 503)
  async buy(
    @CurrentPrincipal() principal: Principal,
    @Body() body: BuyPhoneNumberRequestDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PhoneNumberResponseDto | PurchasePendingResponseDto> {
    const result = await this.buyNumber.execute({
      organizationId: principal.organizationId,
      phoneNumber: body.phone_number,
      friendlyName: body.friendly_name ?? null,
      addressSid: body.address_sid ?? null,
      bundleSid: body.bundle_sid ?? null,
    });
    if (result.outcome === 'registered') {
      response.setHeader(
        'Location',
        `${this.config.publicBaseUrl}/api/phones/${result.phoneNumber.id}`,
      );
      return PhoneNumberResponseDto.from(result.phoneNumber);
    }
    response.status(202);
    return {
      status: 'pending_confirmation',
      phone_number: result.number.value,
      detail:
        'Twilio did not confirm the purchase in time. Loquent is checking the account; the number will appear ' +
        'in GET /api/phones once the purchase is confirmed, and nothing is bought twice.',
    };
  }
}
