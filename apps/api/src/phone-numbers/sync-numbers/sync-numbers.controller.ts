import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ImportNumbers } from '@loquent/telephony-domain';
import { CurrentPrincipal, RequirePermission } from '../../auth/auth.decorators';
import { Permission } from '../../auth/permissions';
import type { Principal } from '../../auth/principal';
import { ApiProblemResponses } from '../../http/api-problem-responses.decorator';
import {
  IDEMPOTENCY_KEY_HEADER_DOC,
  IdempotencyInterceptor,
} from '../../idempotency/idempotency.interceptor';
import { PhoneNumberResponseDto } from '../phone-number.response.dto';
import { SyncNumbersRequestDto, SyncNumbersResponseDto } from './sync-numbers.dto';

@ApiTags('Twilio numbers')
@Controller('api/twilio')
export class SyncNumbersController {
  constructor(private readonly importNumbers: ImportNumbers) {}

  @Post('sync-numbers')
  @HttpCode(200)
  @RequirePermission(Permission.PhoneCollectionCreate)
  @UseInterceptors(IdempotencyInterceptor)
  @ApiHeader(IDEMPOTENCY_KEY_HEADER_DOC)
  @ApiOperation({
    summary: 'Import numbers the organization already owns in Twilio',
    description:
      'Read-only in Twilio: nothing is bought and no voice URL is changed, so imported numbers receive no ' +
      'calls until configure-phone-voice points them at Loquent. Importing twice imports nothing the second time.',
  })
  @ApiOkResponse({ type: SyncNumbersResponseDto })
  @ApiProblemResponses(409, 422, 502, 503)
  async sync(
    @CurrentPrincipal() principal: Principal,
    @Body() body: SyncNumbersRequestDto,
  ): Promise<SyncNumbersResponseDto> {
    const result = await this.importNumbers.execute({
      organizationId: principal.organizationId,
      twilioSids: body.twilio_sids,
    });
    return {
      imported: result.imported.length,
      already_existed: result.alreadyExisted.length,
      numbers: result.imported.map(PhoneNumberResponseDto.from),
      not_in_account: result.notInAccount,
    };
  }
}
