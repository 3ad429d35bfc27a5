import { ApiProperty } from '@nestjs/swagger';
import { IMPORT_SELECTION_MAX, IMPORT_SELECTION_MIN } from '@loquent/telephony-domain';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches } from 'class-validator';
import { PhoneNumberResponseDto } from '../phone-number.response.dto';

export class SyncNumbersRequestDto {
  @ApiProperty({
    type: [String],
    minItems: IMPORT_SELECTION_MIN,
    maxItems: IMPORT_SELECTION_MAX,
    example: ['PN0123456789abcdef0123456789abcdef'],
    description: 'Sids of numbers in the Twilio account to register; nothing changes in Twilio',
  })
  @IsArray()
  @ArrayMinSize(IMPORT_SELECTION_MIN)
  @ArrayMaxSize(IMPORT_SELECTION_MAX)
  @IsString({ each: true })
  @Matches(/^PN[0-9a-fA-F]{32}$/, {
    each: true,
    message: 'each of twilio_sids must be PN followed by 32 hex digits',
  })
  twilio_sids!: string[];
}

export class SyncNumbersResponseDto {
  @ApiProperty({ description: 'How many numbers were registered now' })
  imported!: number;

  @ApiProperty({
    description:
      'How many selected numbers were already registered (here or in another organization)',
  })
  already_existed!: number;

  @ApiProperty({ type: [PhoneNumberResponseDto], description: 'The numbers registered now' })
  numbers!: PhoneNumberResponseDto[];

  @ApiProperty({ type: [String], description: 'Selected sids that are not in the Twilio account' })
  not_in_account!: string[];
}
