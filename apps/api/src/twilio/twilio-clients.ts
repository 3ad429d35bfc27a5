import { Inject, Injectable, Optional } from '@nestjs/common';
import { TwilioCallObserver } from '../observability/twilio-call-observer';
import twilio, { Twilio } from 'twilio';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { TwilioAccountConnections } from '../twilio-accounts/twilio-account-connections';
import { TwilioHttpClient, type TwilioHttpClientOptions } from './twilio-http-client';

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

  private readonly options: TwilioHttpClientOptions;

  constructor(
    @Inject(RUNTIME_CONFIG) config: RuntimeConfig,
    private readonly connections: TwilioAccountConnections,
    @Optional() observer?: TwilioCallObserver,
  ) {
    this.options = { ...config.twilio, onCall: observer?.observe };
    this.platform = createTwilioClient(
      config.twilio.accountSid,
      config.twilio.authToken,
      this.options,
    );
  }

  async forOrganization(organizationId: string): Promise<Twilio> {
    const own = await this.connections.credentialsFor(organizationId);
    if (!own) return this.platform;
    const key = `${own.accountSid}:${own.authToken}`;
    let client = this.clients.get(key);
    if (!client) {
      if (this.clients.size >= MAX_CLIENTS) this.clients.clear();
      client = createTwilioClient(own.accountSid, own.authToken, this.options);
      this.clients.set(key, client);
    }
    return client;
  }
}

export function createTwilioClient(
  accountSid: string,
  authToken: string,
  options: TwilioHttpClientOptions,
): Twilio {
  return twilio(accountSid, authToken, {
    httpClient: new TwilioHttpClient(options),
    autoRetry: false,
  });
}
