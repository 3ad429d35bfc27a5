import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FRIENDLY_NAME_MAX_LENGTH } from '@loquent/telephony-domain';
import { IsOptional, IsString, Matches } from 'class-validator';
import { ADDRESS_SID, BUNDLE_SID, E164, E164_SCHEMA } from '../../http/api-formats';
import { IsFriendlyName } from '../friendly-name.validator';

export class BuyPhoneNumberRequestDto {
  @ApiProperty(E164_SCHEMA)
  @IsString()
  @Matches(E164, { message: 'phone_number must be in E.164 form, like +14155550100' })
  phone_number!: string;

  @ApiPropertyOptional({
    example: 'Front desk',
    maxLength: FRIENDLY_NAME_MAX_LENGTH,
    description:
      'Stored NFC-normalised and trimmed, as sent to Twilio; blank means none. No control, ' +
      'unpaired-surrogate or bidirectional formatting characters.',
  })
  @IsOptional()
  @IsString()
  @IsFriendlyName()
  friendly_name?: string;

  @ApiPropertyOptional({
    example: 'AD' + '0'.repeat(32),
    pattern: ADDRESS_SID.source,
    description:
      "The Twilio Address the number needs (its address_requirements is not none): the end user's, " +
      'in the number\'s country for "local", outside it for "foreign"',
  })
  @IsOptional()
  @IsString()
  @Matches(ADDRESS_SID, { message: 'address_sid must be AD followed by 32 hex digits' })
  address_sid?: string;

  @ApiPropertyOptional({
    example: 'BU' + '0'.repeat(32),
    pattern: BUNDLE_SID.source,
    description:
      'The approved regulatory Bundle the number needs (most numbers outside the US and Canada)',
  })
  @IsOptional()
  @IsString()
  @Matches(BUNDLE_SID, { message: 'bundle_sid must be BU followed by 32 hex digits' })
  bundle_sid?: string;
}
