import { ApiProperty } from '@nestjs/swagger';
import { IncomingNumber } from '@loquent/telephony-domain';

/** The body is `{}`: any field in it is refused. */
export class GetUnsyncedNumbersRequestDto {}

export class UnsyncedNumberDto {
  @ApiProperty({ example: 'PN0123456789abcdef0123456789abcdef' })
  twilio_sid!: string;

  @ApiProperty({ example: '+14155550100' })
  phone_number!: string;

  @ApiProperty({ type: String, nullable: true })
  friendly_name!: string | null;

  @ApiProperty({
    type: String,
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
