import { ApiProperty } from '@nestjs/swagger';
import { IncomingNumber } from '@loquent/telephony-domain';
import { E164_SCHEMA, NUMBER_SID_SCHEMA, VOICE_URL_SCHEMA } from '../../http/api-formats';

/** The body is `{}`: any field in it is refused. */
export class GetUnsyncedNumbersRequestDto {}

export class UnsyncedNumberDto {
  @ApiProperty(NUMBER_SID_SCHEMA)
  twilio_sid!: string;

  @ApiProperty(E164_SCHEMA)
  phone_number!: string;

  @ApiProperty({ type: String, nullable: true })
  friendly_name!: string | null;

  @ApiProperty({
    ...VOICE_URL_SCHEMA,
    nullable: true,
    description: 'The voice URL the number has in Twilio',
  })
  voice_url!: string | null;

  static from(number: IncomingNumber): UnsyncedNumberDto {
    return {
      twilio_sid: number.sid.value,
      phone_number: number.phoneNumber.value,
      friendly_name: number.friendlyName,
      voice_url: number.voiceUrl?.value ?? null,
    };
  }
}

export class GetUnsyncedNumbersResponseDto {
  @ApiProperty({ type: [UnsyncedNumberDto] })
  numbers!: UnsyncedNumberDto[];
}
