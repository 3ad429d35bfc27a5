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
}
