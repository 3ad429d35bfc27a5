import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SearchAvailableNumbers } from '@loquent/telephony-domain';
import { CurrentPrincipal, RequirePermission } from '../../auth/auth.decorators';
import { Permission } from '../../auth/permissions';
import type { Principal } from '../../auth/principal';
import { ApiProblemResponses } from '../../http/api-problem-responses.decorator';
import { BUY_THROTTLER, OrganizationThrottlerGuard } from '../../http/organization-throttler.guard';
import { SkipThrottle } from '@nestjs/throttler';
import {
  AvailableNumberDto,
  SearchAvailableNumbersRequestDto,
  SearchAvailableNumbersResponseDto,
} from './search-available-numbers.dto';

@ApiTags('Twilio numbers')
@Controller('api/twilio')
export class SearchAvailableNumbersController {
  constructor(private readonly searchAvailableNumbers: SearchAvailableNumbers) {}

  @Post('search-available-numbers')
  @HttpCode(200)
  @RequirePermission(Permission.PhoneCollectionCreate)
  @UseGuards(OrganizationThrottlerGuard)
  @SkipThrottle({ [BUY_THROTTLER]: true })
  @ApiOperation({ summary: 'Search Twilio for US local numbers for sale in an area code' })
  @ApiOkResponse({ type: SearchAvailableNumbersResponseDto })
  @ApiProblemResponses(429, 502, 503)
  async search(
    @CurrentPrincipal() principal: Principal,
    @Body() body: SearchAvailableNumbersRequestDto,
  ): Promise<SearchAvailableNumbersResponseDto> {
    const numbers = await this.searchAvailableNumbers.execute({
      organizationId: principal.organizationId,
      areaCode: body.area_code,
    });
    return { numbers: numbers.map(AvailableNumberDto.from) };
  }
}
