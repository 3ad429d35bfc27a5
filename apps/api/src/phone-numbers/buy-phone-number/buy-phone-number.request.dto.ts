import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FRIENDLY_NAME_MAX_LENGTH } from '@loquent/telephony-domain';
import { IsOptional, IsString, Matches } from 'class-validator';
import { IsFriendlyName } from '../friendly-name.validator';

export const E164_PATTERN = /^\+[1-9][0-9]{1,14}$/;

export class BuyPhoneNumberRequestDto {
  @ApiProperty({ example: '+14155550100', description: 'E.164: + and up to 15 digits' })
  @IsString()
  @Matches(E164_PATTERN, { message: 'phone_number must be in E.164 form, like +14155550100' })
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
    pattern: '^AD[0-9a-fA-F]{32}$',
    description:
      "The Twilio Address the number needs (its address_requirements is not none): the end user's, " +
      'in the number\'s country for "local", outside it for "foreign"',
  })
  @IsOptional()
  @IsString()
  @Matches(/^AD[0-9a-fA-F]{32}$/, { message: 'address_sid must be AD followed by 32 hex digits' })
  address_sid?: string;

  @ApiPropertyOptional({
    example: 'BU' + '0'.repeat(32),
    pattern: '^BU[0-9a-fA-F]{32}$',
    description:
      'The approved regulatory Bundle the number needs (most numbers outside the US and Canada)',
  })
  @IsOptional()
  @IsString()
  @Matches(/^BU[0-9a-fA-F]{32}$/, { message: 'bundle_sid must be BU followed by 32 hex digits' })
  bundle_sid?: string;
}
