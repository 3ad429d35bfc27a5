import { Inject, Injectable } from '@nestjs/common';
import { TwilioAccountConnections, TwilioAccountSid } from '@loquent/telephony-domain';
import type { Request } from 'express';
import twilio from 'twilio';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { TwilioTokenVault } from '../twilio-accounts/twilio-token-vault';

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
    private readonly vault: TwilioTokenVault,
  ) {}

  /** True only when `authToken` signed this very request: its public URL and its parameters. */
  isValid(
    request: Request,
    authToken: string | null,
    signature: string,
    params: WebhookParams,
  ): boolean {
    if (!authToken) return false;
    try {
      return twilio.validateRequest(
        authToken,
        signature,
        `${this.config.publicBaseUrl}${request.originalUrl}`,
        params,
      );
    } catch {
      // A URL or parameters the SDK cannot take were not signed by Twilio.
      return false;
    }
  }

  /** The token of the account that owns a number of an organization (its own, or the platform's). */
  async tokenForOrganization(organizationId: string): Promise<string> {
    const connection = await this.connections.find(organizationId);
    return connection ? this.vault.open(connection) : this.config.twilio.authToken;
  }

  /** The token of the account a webhook names, if Loquent knows that account. */
  async tokenForAccount(accountSid: string): Promise<string | null> {
    if (accountSid === this.config.twilio.accountSid) return this.config.twilio.authToken;
    const sid = TwilioAccountSid.tryParse(accountSid);
    const connection = sid ? await this.connections.findByAccountSid(sid) : null;
    return connection ? this.vault.open(connection) : null;
  }
}

export function param(params: WebhookParams, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}
