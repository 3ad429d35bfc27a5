import { ApiProperty } from '@nestjs/swagger';
import { IMPORT_SELECTION_MAX, IMPORT_SELECTION_MIN } from '@loquent/telephony-domain';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches } from 'class-validator';
import { NUMBER_SID, NUMBER_SID_SCHEMA } from '../../http/api-formats';
import { PhoneNumberResponseDto } from '../phone-number.response.dto';

export class SyncNumbersRequestDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'string', pattern: NUMBER_SID.source, example: NUMBER_SID_SCHEMA.example },
    minItems: IMPORT_SELECTION_MIN,
    maxItems: IMPORT_SELECTION_MAX,
    description: 'Sids of numbers in the Twilio account to register; nothing changes in Twilio',
  })
  @IsArray()
  @ArrayMinSize(IMPORT_SELECTION_MIN)
  @ArrayMaxSize(IMPORT_SELECTION_MAX)
  @IsString({ each: true })
  @Matches(NUMBER_SID, {
    each: true,
    message: 'each of twilio_sids must be PN followed by 32 hex digits',
  })
  twilio_sids!: string[];
}

export class SyncNumbersResponseDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'How many numbers were registered now' })
  imported!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description:
      'How many selected numbers were already registered (here or in another organization)',
  })
  already_existed!: number;

  @ApiProperty({ type: [PhoneNumberResponseDto], description: 'The numbers registered now' })
  numbers!: PhoneNumberResponseDto[];

  @ApiProperty({
    type: 'array',
    items: { type: 'string', pattern: NUMBER_SID.source },
    description: 'Selected sids that are not in the Twilio account',
  })
  not_in_account!: string[];
}
