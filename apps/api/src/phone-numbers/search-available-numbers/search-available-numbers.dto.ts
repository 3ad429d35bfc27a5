import { ApiProperty } from '@nestjs/swagger';
import { AvailableNumber } from '@loquent/telephony-domain';
import { IsString, Matches } from 'class-validator';

export class SearchAvailableNumbersRequestDto {
  @ApiProperty({
    example: '415',
    pattern: '^[2-9][0-9]{2}$',
    description: 'US area code: 3 digits, the first 2-9',
  })
  @IsString()
  @Matches(/^[2-9][0-9]{2}$/, { message: 'area_code must be 3 digits, the first 2-9' })
  area_code!: string;
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
  @ApiProperty({ example: '+14155550100' })
  phone_number!: string;

  @ApiProperty({ example: '(415) 555-0100' })
  friendly_name!: string;

  @ApiProperty({ type: String, nullable: true, example: 'San Francisco' })
  locality!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'CA' })
  region!: string | null;

  @ApiProperty({ type: CapabilitiesDto })
  capabilities!: CapabilitiesDto;

  static from(number: AvailableNumber): AvailableNumberDto {
    return {
      phone_number: number.phoneNumber.value,
      friendly_name: number.friendlyName,
      locality: number.locality,
      region: number.region,
      capabilities: { ...number.capabilities },
    };
  }
}

export class SearchAvailableNumbersResponseDto {
  @ApiProperty({ type: [AvailableNumberDto] })
  numbers!: AvailableNumberDto[];
}
