import { Inject, Injectable } from '@nestjs/common';
import twilio, { Twilio } from 'twilio';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { TwilioAccountConnections } from '../twilio-accounts/twilio-account-connections';
import { TwilioHttpClient } from './twilio-http-client';

const MAX_CLIENTS = 1_000;

/**
 * The Twilio REST client for an organization's account: its own account when it connected one,
 * and then that account only (a failing token is an error, never a silent switch to the platform
 * account that would bill someone else); otherwise the platform's account.
 */
@Injectable()
export class TwilioClients {
  private readonly platform: Twilio;
  /** One client (and keep-alive connection pool) per account and token. */
  private readonly clients = new Map<string, Twilio>();

  constructor(
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly connections: TwilioAccountConnections,
  ) {
    this.platform = createTwilioClient(
      config.twilio.accountSid,
      config.twilio.authToken,
      config.twilio,
    );
  }

  async forOrganization(organizationId: string): Promise<Twilio> {
    const own = await this.connections.credentialsFor(organizationId);
    if (!own) return this.platform;
    const key = `${own.accountSid}:${own.authToken}`;
    let client = this.clients.get(key);
    if (!client) {
      if (this.clients.size >= MAX_CLIENTS) this.clients.clear();
      client = createTwilioClient(own.accountSid, own.authToken, this.config.twilio);
      this.clients.set(key, client);
    }
    return client;
  }
}

export function createTwilioClient(
  accountSid: string,
  authToken: string,
  options: { apiBaseUrl: string; timeoutMs: number },
): Twilio {
  return twilio(accountSid, authToken, {
    httpClient: new TwilioHttpClient(options),
    autoRetry: false,
  });
}
