import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiConsumes, ApiSecurity } from '@nestjs/swagger';
import { CallRoute, RouteIncomingCall } from '@loquent/telephony-domain';
import type { Request } from 'express';
import { Public } from '../auth/auth.decorators';
import { ACCOUNT_SID, E164 } from '../http/api-formats';
import { ProblemException } from '../http/problem.exception';
import { formParams } from './form-body.middleware';
import { param, TwilioSignature, WebhookParams } from './twilio-signature';

const WEBHOOK_KIND = 'loquent:twilio-webhook';
const VERIFIED = Symbol('verified twilio webhook');

type WebhookKind = 'voice' | 'recording';

/** What a verified webhook carries to its handler: its parameters, and for a call, its route. */
export interface VerifiedWebhook {
  params: WebhookParams;
  /**
   * For the voice webhook and a voicemail's recording: the number called and who answers it
   * (found to pick the signing account).
   */
  call: CallRoute | null;
}

// An HMAC-SHA1 (or SHA-256) in base64.
const SIGNATURE = /^[A-Za-z0-9+/]{27,43}=?$/;

/**
 * A route Twilio calls. Public (Twilio carries no bearer token) but signed: the guard runs before
 * the handler, checks the parameters it needs against Twilio's formats before any look-up, and
 * answers whatever it cannot verify with one bare 403, the same whatever the reason.
 */
export const TwilioWebhook = (kind: WebhookKind) =>
  applyDecorators(
    Public(),
    SetMetadata(WEBHOOK_KIND, kind),
    UseGuards(TwilioWebhookGuard),
    ApiSecurity('twilioSignature'),
    ApiConsumes('application/x-www-form-urlencoded'),
  );

/** The webhook the guard verified. */
export const Verified = createParamDecorator(
  (_: unknown, context: ExecutionContext): VerifiedWebhook => {
    const verified = context
      .switchToHttp()
      .getRequest<Request & { [VERIFIED]?: VerifiedWebhook }>()[VERIFIED];
    if (!verified) throw new Error('Verified used on a route without @TwilioWebhook()');
    return verified;
  },
);

@Injectable()
export class TwilioWebhookGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly signature: TwilioSignature,
    private readonly routeIncomingCall: RouteIncomingCall,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const kind = this.reflector.get<WebhookKind>(WEBHOOK_KIND, context.getHandler());
    const request = context.switchToHttp().getRequest<Request & { [VERIFIED]?: VerifiedWebhook }>();
    const params = formParams(request);
    const signature = request.header('X-Twilio-Signature');
    const accountSid = params && param(params, 'AccountSid');
    if (!params || !signature || !SIGNATURE.test(signature) || !accountSid) throw forbidden();
    if (!ACCOUNT_SID.test(accountSid)) throw forbidden();

    let call: CallRoute | null = null;
    let authToken: string | null;
    if (kind === 'voice') {
      const to = param(params, 'To');
      if (!to || !E164.test(to)) throw forbidden();
      // The account that owns the called number signs for it; for a number Loquent does not
      // know, the account the request names must be one Loquent knows.
      call = await this.routeIncomingCall.execute({ to });
      authToken =
        call.kind === 'unknown_number'
          ? await this.signature.tokenForAccount(accountSid)
          : await this.signature.tokenForOrganization(call.phoneNumber.organizationId);
    } else if (request.query.voicemail_for !== undefined) {
      // A voicemail's recording: the URL names the number called (Loquent put it there, and the
      // signature covers the URL), so the account that owns that number signs for it.
      const to = request.query.voicemail_for;
      if (typeof to !== 'string' || !E164.test(to)) throw forbidden();
      call = await this.routeIncomingCall.execute({ to });
      if (call.kind === 'unknown_number') throw forbidden();
      authToken = await this.signature.tokenForOrganization(call.phoneNumber.organizationId);
    } else {
      authToken = await this.signature.tokenForAccount(accountSid);
    }
    if (!this.signature.isValid(request, authToken, signature, params)) throw forbidden();
    request[VERIFIED] = { params, call };
    return true;
  }
}

/** Says nothing of why: not which check failed, nor whether the account or number exists. */
function forbidden(): ProblemException {
  return new ProblemException({
    status: 403,
    code: 'forbidden',
    title: 'Forbidden',
    detail: 'Forbidden',
  });
}
