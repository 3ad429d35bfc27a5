import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FRIENDLY_NAME_MAX_LENGTH } from '@loquent/telephony-domain';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export const E164_PATTERN = /^\+[1-9][0-9]{1,14}$/;

export class BuyPhoneNumberRequestDto {
  @ApiProperty({ example: '+14155550100', description: 'E.164: + and up to 15 digits' })
  @IsString()
  @Matches(E164_PATTERN, { message: 'phone_number must be in E.164 form, like +14155550100' })
  phone_number!: string;

  @ApiPropertyOptional({ example: 'Front desk', maxLength: FRIENDLY_NAME_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(FRIENDLY_NAME_MAX_LENGTH)
  friendly_name?: string;
}
