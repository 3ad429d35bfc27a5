import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListUnsyncedNumbers } from '@loquent/telephony-domain';
import { CurrentPrincipal, RequirePermission } from '../../auth/auth.decorators';
import { Permission } from '../../auth/permissions';
import type { Principal } from '../../auth/principal';
import { ApiProblemResponses } from '../../http/api-problem-responses.decorator';
import {
  GetUnsyncedNumbersRequestDto,
  GetUnsyncedNumbersResponseDto,
  UnsyncedNumberDto,
} from './get-unsynced-numbers.dto';

@ApiTags('Twilio numbers')
@Controller('api/twilio')
export class GetUnsyncedNumbersController {
  constructor(private readonly listUnsyncedNumbers: ListUnsyncedNumbers) {}

  @Post('get-unsynced-numbers')
  @HttpCode(200)
  @RequirePermission(Permission.PhoneCollectionCreate)
  @ApiOperation({ summary: "The numbers of the organization's Twilio account not yet in Loquent" })
  @ApiOkResponse({ type: GetUnsyncedNumbersResponseDto })
  @ApiProblemResponses(502, 503)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Body() _body: GetUnsyncedNumbersRequestDto,
  ): Promise<GetUnsyncedNumbersResponseDto> {
    const numbers = await this.listUnsyncedNumbers.execute({
      organizationId: principal.organizationId,
    });
    return { numbers: numbers.map(UnsyncedNumberDto.from) };
  }
}
