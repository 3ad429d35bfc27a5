import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  CheckTwilioAccount,
  ConnectTwilioAccount,
  DisconnectTwilioAccount,
  TwilioAccountState,
} from '@loquent/telephony-domain';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import type { Principal } from '../auth/principal';
import { ACCOUNT_SID } from '../http/api-formats';
import { ApiProblemResponses } from '../http/api-problem-responses.decorator';

const AUTH_TOKEN = /^[0-9a-fA-F]{32}$/;

export class ConnectTwilioAccountRequestDto {
  @ApiProperty({ example: 'AC0123456789abcdef0123456789abcdef', pattern: ACCOUNT_SID.source })
  @Matches(ACCOUNT_SID, { message: 'account_sid must be AC followed by 32 hex digits' })
  account_sid!: string;

  @ApiProperty({
    pattern: AUTH_TOKEN.source,
    description: "The account's auth token: 32 hex digits. Stored encrypted, never returned.",
  })
  @Matches(AUTH_TOKEN, { message: 'auth_token must be 32 hex digits' })
  auth_token!: string;
}

export class ConnectionProblemDto {
  @ApiProperty({ example: 'telephony_provider_authentication_failed' })
  code!: string;

  @ApiProperty()
  detail!: string;

  @ApiPropertyOptional({ type: 'integer', nullable: true, example: 20003 })
  twilio_code!: number | null;
}

export class TwilioConnectionDto {
  @ApiProperty({
    description: 'Whether the organization uses its own Twilio account (else the platform’s)',
  })
  connected!: boolean;

  @ApiPropertyOptional({
    example: 'AC****************************cdef',
    pattern: '^AC\\*{28}[0-9a-fA-F]{4}$',
    description: 'Masked: AC, 28 stars and the last four hex digits',
  })
  account_sid?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  friendly_name?: string | null;

  @ApiPropertyOptional({
    enum: ['working', 'failing'],
    description: 'Whether Twilio accepts the credentials now',
  })
  status?: 'working' | 'failing';

  @ApiPropertyOptional({ type: ConnectionProblemDto, nullable: true })
  problem?: ConnectionProblemDto | null;

  static from(state: TwilioAccountState): TwilioConnectionDto {
    if (!state.connected) return { connected: false };
    return {
      connected: true,
      account_sid: maskAccountSid(state.accountSid.value),
      friendly_name: state.friendlyName,
      status: state.working ? 'working' : 'failing',
      problem: state.problem
        ? {
            code: state.problem.code,
            detail: state.problem.detail,
            twilio_code: state.problem.providerCode,
          }
        : null,
    };
  }
}

/** AC + the last four characters; enough to recognise the account, not to use it. */
export function maskAccountSid(accountSid: string): string {
  return `AC${'*'.repeat(accountSid.length - 6)}${accountSid.slice(-4)}`;
}

@ApiTags('Twilio account')
@Controller('api/twilio')
export class TwilioConnectionController {
  constructor(
    private readonly connectAccount: ConnectTwilioAccount,
    private readonly checkAccount: CheckTwilioAccount,
    private readonly disconnectAccount: DisconnectTwilioAccount,
  ) {}

  @Post('connect')
  @HttpCode(200)
  @RequirePermission(Permission.TwilioCollectionCreate)
  @ApiOperation({
    summary: "Connect the organization's own Twilio account",
    description:
      'The credentials are checked with Twilio before they are kept; the auth token is stored encrypted and never ' +
      'returned. From then on the organization buys, imports and configures numbers in that account only.',
  })
  @ApiOkResponse({ type: TwilioConnectionDto })
  @ApiProblemResponses(422, 502, 503)
  async connect(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ConnectTwilioAccountRequestDto,
  ): Promise<TwilioConnectionDto> {
    return TwilioConnectionDto.from(
      await this.connectAccount.execute({
        organizationId: principal.organizationId,
        accountSid: body.account_sid,
        authToken: body.auth_token,
      }),
    );
  }

  @Get('connection')
  @RequirePermission(Permission.TwilioCollectionCreate)
  @ApiOperation({
    summary: "The organization's Twilio account (masked) and whether Twilio still accepts it",
  })
  @ApiOkResponse({ type: TwilioConnectionDto })
  @ApiProblemResponses()
  async connection(@CurrentPrincipal() principal: Principal): Promise<TwilioConnectionDto> {
    return TwilioConnectionDto.from(
      await this.checkAccount.execute({ organizationId: principal.organizationId }),
    );
  }

  @Post('disconnect')
  @HttpCode(200)
  @RequirePermission(Permission.TwilioCollectionCreate)
  @ApiOperation({
    summary: 'Forget the organization’s own Twilio account; it uses the platform’s again',
  })
  @ApiOkResponse({ type: TwilioConnectionDto })
  @ApiProblemResponses()
  async disconnect(@CurrentPrincipal() principal: Principal): Promise<TwilioConnectionDto> {
    await this.disconnectAccount.execute({ organizationId: principal.organizationId });
    return { connected: false };
  }
}
