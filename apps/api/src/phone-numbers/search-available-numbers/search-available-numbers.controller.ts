import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SearchAvailableNumbers } from '@loquent/telephony-domain';
import { CurrentPrincipal, RequirePermission } from '../../auth/auth.decorators';
import { Permission } from '../../auth/permissions';
import type { Principal } from '../../auth/principal';
import { ApiProblemResponses } from '../../http/api-problem-responses.decorator';
import { SEARCH_THROTTLER, RateLimited } from '../../http/organization-throttler.guard';
import {
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
  @RateLimited(SEARCH_THROTTLER)
  @ApiOperation({
    summary: 'Search Twilio for numbers for sale: any country, local, toll-free or mobile',
    description:
      "Each criterion maps to Twilio's own filter on AvailablePhoneNumbers/{country}/{Local|TollFree|Mobile}. " +
      'A criterion that does not apply with the others (area_code outside NANP; near_number, distance, ' +
      'in_region or in_postal_code outside the US and Canada; distance without near_number) is a 400 naming it. ' +
      'A country or type Twilio does not sell is an empty list with a `detail` saying so. Numbers whose ' +
      '`address_requirements` is not `none` need an `address_sid` to be bought.',
  })
  @ApiOkResponse({ type: SearchAvailableNumbersResponseDto })
  @ApiProblemResponses(429, 502, 503)
  async search(
    @CurrentPrincipal() principal: Principal,
    @Body() body: SearchAvailableNumbersRequestDto,
  ): Promise<SearchAvailableNumbersResponseDto> {
    const result = await this.searchAvailableNumbers.execute({
      organizationId: principal.organizationId,
      country: body.country ?? null,
      type: body.type ?? null,
      areaCode: body.area_code ?? null,
      contains: body.contains ?? null,
      inLocality: body.in_locality ?? null,
      inRegion: body.in_region ?? null,
      inPostalCode: body.in_postal_code ?? null,
      nearNumber: body.near_number ?? null,
      distance: body.distance ?? null,
      capabilities: body.capabilities ?? null,
      excludeAddressRequired: body.exclude_address_required ?? null,
      beta: body.beta ?? null,
      limit: body.limit ?? null,
    });
    return SearchAvailableNumbersResponseDto.from(result);
  }
}
