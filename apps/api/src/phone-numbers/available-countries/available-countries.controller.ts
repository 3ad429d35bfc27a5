import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import {
  AvailableCountry,
  ListAvailableCountries,
  NUMBER_TYPES,
  type NumberType,
} from '@loquent/telephony-domain';
import { CurrentPrincipal, RequirePermission } from '../../auth/auth.decorators';
import { Permission } from '../../auth/permissions';
import type { Principal } from '../../auth/principal';
import { ApiProblemResponses } from '../../http/api-problem-responses.decorator';
import { SEARCH_THROTTLER, RateLimited } from '../../http/organization-throttler.guard';

export class AvailableCountryDto {
  @ApiProperty({
    example: 'GB',
    pattern: '^[A-Z]{2}$',
    description: 'ISO 3166-1 alpha-2: the `country` of a search',
  })
  country_code!: string;

  @ApiProperty({ example: 'United Kingdom' })
  name!: string;

  @ApiProperty({ description: 'Every number Twilio has there is new to its platform' })
  beta!: boolean;

  @ApiProperty({
    enum: NUMBER_TYPES,
    isArray: true,
    example: ['local', 'toll_free', 'mobile'],
    description: 'The `type`s a search can ask for there',
  })
  types!: NumberType[];

  static from(country: AvailableCountry): AvailableCountryDto {
    return {
      country_code: country.countryCode,
      name: country.name,
      beta: country.beta,
      types: [...country.types],
    };
  }
}

export class AvailableCountriesResponseDto {
  @ApiProperty({ type: [AvailableCountryDto] })
  countries!: AvailableCountryDto[];
}

@ApiTags('Twilio numbers')
@Controller('api/twilio')
export class AvailableCountriesController {
  constructor(private readonly listAvailableCountries: ListAvailableCountries) {}

  @Get('available-countries')
  @RequirePermission(Permission.PhoneCollectionCreate)
  @RateLimited(SEARCH_THROTTLER)
  @ApiOperation({
    summary: 'The countries Twilio sells numbers in, with the types each offers',
    description:
      "From Twilio's AvailablePhoneNumbers list for the organization's account, by name. Kept for 10 minutes " +
      'per Twilio account by each API process. Countries that sell none of local, toll_free and mobile are left out.',
  })
  @ApiOkResponse({ type: AvailableCountriesResponseDto })
  @ApiProblemResponses(429, 502, 503)
  async list(@CurrentPrincipal() principal: Principal): Promise<AvailableCountriesResponseDto> {
    const countries = await this.listAvailableCountries.execute({
      organizationId: principal.organizationId,
    });
    return { countries: countries.map(AvailableCountryDto.from) };
  }
}
