import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ADDRESS_REQUIREMENTS,
  type AddressRequirement,
  AvailableNumber,
  AvailableNumbersResult,
  NUMBER_TYPES,
  type NumberType,
  SEARCH_DISTANCE_MAX_MILES,
  SEARCH_LIMIT_DEFAULT,
  SEARCH_LIMIT_MAX,
} from '@loquent/telephony-domain';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { E164, E164_SCHEMA } from '../../http/api-formats';

export class RequiredCapabilitiesDto {
  @ApiPropertyOptional({ description: 'Only numbers that can take calls' })
  @IsOptional()
  @IsBoolean()
  voice?: boolean;

  @ApiPropertyOptional({ description: 'Only numbers that can take text messages' })
  @IsOptional()
  @IsBoolean()
  sms?: boolean;

  @ApiPropertyOptional({ description: 'Only numbers that can take MMS' })
  @IsOptional()
  @IsBoolean()
  mms?: boolean;
}

/**
 * The shape of each criterion; what only makes sense with others (area_code in NANP, distance
 * with near_number...) is checked by the domain, which names the criterion in a 400 too.
 */
export class SearchAvailableNumbersRequestDto {
  @ApiPropertyOptional({
    example: 'GB',
    default: 'US',
    pattern: '^[A-Za-z]{2}$',
    description: 'ISO 3166-1 alpha-2 country code (see GET /api/twilio/available-countries)',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code, like US' })
  country?: string;

  @ApiPropertyOptional({ enum: NUMBER_TYPES, default: 'local' })
  @IsOptional()
  @IsIn(NUMBER_TYPES)
  type?: NumberType;

  @ApiPropertyOptional({
    example: '415',
    pattern: '^[2-9][0-9]{2}$',
    description: 'Area code: 3 digits, the first 2-9. NANP countries only (US, CA...)',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[2-9][0-9]{2}$/, { message: 'area_code must be 3 digits, the first 2-9' })
  area_code?: string;

  @ApiPropertyOptional({
    example: '2255',
    pattern: '^[0-9A-Za-z*]{2,15}$',
    description:
      "Twilio's pattern, anywhere in the number: digits, letters (keypad digits: CALL is 2255), * for any digit",
  })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9A-Za-z*]{2,15}$/, {
    message: 'contains must be 2 to 15 digits, letters or *',
  })
  contains?: string;

  @ApiPropertyOptional({
    example: 'San Francisco',
    minLength: 1,
    maxLength: 100,
    description: 'City or locality',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  in_locality?: string;

  @ApiPropertyOptional({
    example: 'CA',
    minLength: 1,
    maxLength: 100,
    description: 'State or province; US and CA only',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  in_region?: string;

  @ApiPropertyOptional({
    example: '94103',
    minLength: 1,
    maxLength: 20,
    description: 'Postal or ZIP code; US and CA only',
  })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  in_postal_code?: string;

  @ApiPropertyOptional({
    ...E164_SCHEMA,
    description: 'Numbers near this one (E.164), within `distance` miles; US and CA only',
  })
  @IsOptional()
  @IsString()
  @Matches(E164, { message: 'near_number must be in E.164 form, like +14155550100' })
  near_number?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: SEARCH_DISTANCE_MAX_MILES,
    description: 'Miles around near_number (Twilio: 25 when left out); needs near_number',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(SEARCH_DISTANCE_MAX_MILES)
  distance?: number;

  @ApiPropertyOptional({
    type: RequiredCapabilitiesDto,
    description: 'The capabilities every number must have (true); false or absent: no matter',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => RequiredCapabilitiesDto)
  capabilities?: RequiredCapabilitiesDto;

  @ApiPropertyOptional({
    oneOf: [{ type: 'boolean' }, { type: 'string', enum: ['local', 'foreign'] }],
    description:
      'true leaves out every number that needs an address; "local" or "foreign" only those needing such an address',
  })
  @IsOptional()
  @IsIn([true, false, 'local', 'foreign'], {
    message: 'exclude_address_required must be true, false, "local" or "foreign"',
  })
  exclude_address_required?: boolean | 'local' | 'foreign';

  @ApiPropertyOptional({
    description: 'false leaves out numbers new to Twilio (beta); they are included otherwise',
  })
  @IsOptional()
  @IsBoolean()
  beta?: boolean;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: SEARCH_LIMIT_MAX,
    default: SEARCH_LIMIT_DEFAULT,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(SEARCH_LIMIT_MAX)
  limit?: number;
}

export class CapabilitiesDto {
  @ApiProperty()
  voice!: boolean;

  @ApiProperty()
  sms!: boolean;

  @ApiProperty()
  mms!: boolean;
}

export class AvailableNumberDto {
  @ApiProperty(E164_SCHEMA)
  phone_number!: string;

  @ApiProperty({ example: '(415) 555-0100' })
  friendly_name!: string;

  @ApiProperty({ example: 'US', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' })
  iso_country!: string;

  @ApiProperty({ enum: NUMBER_TYPES })
  type!: NumberType;

  @ApiProperty({ type: String, nullable: true, example: 'San Francisco' })
  locality!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'CA' })
  region!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '94103' })
  postal_code!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'SNFC CNTL' })
  rate_center!: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 37.7749 })
  latitude!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: -122.4194 })
  longitude!: number | null;

  @ApiProperty({ description: 'New to Twilio' })
  beta!: boolean;

  @ApiProperty({
    enum: ADDRESS_REQUIREMENTS,
    description:
      'The address buying it needs (give address_sid): none; any; one in its country (local); one outside it (foreign)',
  })
  address_requirements!: AddressRequirement;

  @ApiProperty({ type: CapabilitiesDto })
  capabilities!: CapabilitiesDto;

  static from(number: AvailableNumber): AvailableNumberDto {
    return {
      phone_number: number.phoneNumber.value,
      friendly_name: number.friendlyName,
      iso_country: number.isoCountry,
      type: number.type,
      locality: number.locality,
      region: number.region,
      postal_code: number.postalCode,
      rate_center: number.rateCenter,
      latitude: number.latitude,
      longitude: number.longitude,
      beta: number.beta,
      address_requirements: number.addressRequirements,
      capabilities: { ...number.capabilities },
    };
  }
}

export class SearchAvailableNumbersResponseDto {
  @ApiProperty({ type: [AvailableNumberDto] })
  numbers!: AvailableNumberDto[];

  @ApiPropertyOptional({
    example: 'Twilio sells no mobile numbers in US; it sells local and toll_free numbers there.',
    description: 'Why there are none, when Twilio sells no numbers of the type in the country',
  })
  detail?: string;

  static from(result: AvailableNumbersResult): SearchAvailableNumbersResponseDto {
    switch (result.outcome) {
      case 'found':
        return { numbers: result.numbers.map(AvailableNumberDto.from) };
      case 'country_not_sold':
        return { numbers: [], detail: `Twilio sells no phone numbers in ${result.country}.` };
      case 'type_not_sold':
        return {
          numbers: [],
          detail:
            `Twilio sells no ${result.type} numbers in ${result.country}; it sells ` +
            `${listed(result.typesSold)} numbers there.`,
        };
    }
  }
}

/** "local", "local and mobile", "local, mobile and toll_free". */
function listed(types: readonly string[]): string {
  return types.length <= 1
    ? (types[0] ?? 'no')
    : `${types.slice(0, -1).join(', ')} and ${types[types.length - 1]}`;
}
