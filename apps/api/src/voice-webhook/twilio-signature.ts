import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import twilio from 'twilio';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { ProblemException } from '../http/problem.exception';
import { TwilioAccountConnections } from '../twilio-accounts/twilio-account-connections';

export type WebhookParams = Record<string, string | string[]>;

/**
 * Checks X-Twilio-Signature: an HMAC of the URL Twilio called and the posted parameters, keyed by
 * the auth token of the account the call belongs to. The URL is the public one (PUBLIC_BASE_URL),
 * not what this process sees, so the check holds behind a proxy or load balancer.
 */
@Injectable()
export class TwilioSignature {
  constructor(
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly connections: TwilioAccountConnections,
  ) {}

  /** Throws a 403 that says nothing of why, unless `authToken` signed this very request. */
  verify(request: Request, authToken: string | null): void {
    const signature = request.header('X-Twilio-Signature');
    const url = `${this.config.publicBaseUrl}${request.originalUrl}`;
    if (
      !authToken ||
      !signature ||
      !twilio.validateRequest(authToken, signature, url, paramsOf(request))
    ) {
      throw new ProblemException({
        status: 403,
        code: 'forbidden',
        title: 'Forbidden',
        detail: 'Forbidden',
      });
    }
  }

  /** The token of the account that owns a number of an organization (its own, or the platform's). */
  async tokenForOrganization(organizationId: string): Promise<string> {
    return (
      (await this.connections.credentialsFor(organizationId))?.authToken ??
      this.config.twilio.authToken
    );
  }

  /** The token of the account a webhook names, if Loquent knows that account. */
  tokenForAccount(accountSid: string | undefined): Promise<string | null> {
    return accountSid ? this.connections.authTokenOf(accountSid) : Promise.resolve(null);
  }
}

export function paramsOf(request: Request): WebhookParams {
  const body: unknown = request.body;
  return body && typeof body === 'object' ? (body as WebhookParams) : {};
}

export function param(params: WebhookParams, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}
