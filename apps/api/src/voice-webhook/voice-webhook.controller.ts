import { Controller, Header, HttpCode, Inject, Logger, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { RouteIncomingCall } from '@loquent/telephony-domain';
import type { Request } from 'express';
import { Public } from '../auth/auth.decorators';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { ProblemException } from '../http/problem.exception';
import { agentTwiml, apologyTwiml } from './call-twiml';
import { param, paramsOf, TwilioSignature } from './twilio-signature';

/**
 * The URLs Twilio calls: the voice webhook Loquent sets on its numbers, and the recording callback
 * of the TwiML it answers. Public (Twilio carries no bearer token) but signed: every request must
 * bear a valid X-Twilio-Signature.
 */
@ApiExcludeController()
@Controller('twilio')
export class VoiceWebhookController {
  private readonly logger = new Logger('VoiceWebhook');

  constructor(
    private readonly routeIncomingCall: RouteIncomingCall,
    private readonly signature: TwilioSignature,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  @Post('voice')
  @Public()
  @HttpCode(200)
  @Header('Content-Type', 'text/xml; charset=utf-8')
  async voice(@Req() request: Request): Promise<string> {
    const params = paramsOf(request);
    const from = param(params, 'From') ?? '';
    const to = param(params, 'To') ?? '';
    const route = await this.routeIncomingCall.execute({ to });

    // The account that owns the called number signs for it; for a number Loquent does not know,
    // the account the request names must be one Loquent knows.
    const authToken =
      route.kind === 'unknown_number'
        ? await this.signature.tokenForAccount(param(params, 'AccountSid'))
        : await this.signature.tokenForOrganization(route.phoneNumber.organizationId);
    this.requireSignature(request, authToken);

    if (route.kind === 'agent') {
      return agentTwiml(this.config.publicBaseUrl, {
        from,
        to,
        phoneNumber: route.phoneNumber,
        agentId: route.agentId,
      });
    }
    this.logger.warn(
      route.kind === 'no_agent'
        ? `Call to ${to} (${route.phoneNumber.id}): no agent is assigned`
        : `Call to ${to}: not a number of Loquent`,
    );
    return apologyTwiml();
  }

  @Post('recording')
  @Public()
  @HttpCode(204)
  async recording(@Req() request: Request): Promise<void> {
    const params = paramsOf(request);
    this.requireSignature(
      request,
      await this.signature.tokenForAccount(param(params, 'AccountSid')),
    );
    // The recording itself is the agent runtime's business; Loquent telephony acknowledges it.
    this.logger.log(
      `Recording ${param(params, 'RecordingSid') ?? '?'} of call ${param(params, 'CallSid') ?? '?'}: ${param(params, 'RecordingStatus') ?? '?'}`,
    );
  }

  /** A 403 that says nothing of why, unless `authToken` signed this very request. */
  private requireSignature(request: Request, authToken: string | null): void {
    if (this.signature.isSigned(request, authToken)) return;
    throw new ProblemException({
      status: 403,
      code: 'forbidden',
      title: 'Forbidden',
      detail: 'Forbidden',
    });
  }
}
