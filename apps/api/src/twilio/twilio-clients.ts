import { Inject, Injectable, Optional } from '@nestjs/common';
import { TwilioAccountConnections } from '@loquent/telephony-domain';
import twilio, { Twilio } from 'twilio';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { RequestScope } from '../system/request-scope';
import { TwilioCallObserver } from '../observability/twilio-call-observer';
import { TwilioTokenVault } from '../twilio-accounts/twilio-token-vault';
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
  /** The client of each organization's own account, with the stored token it was built from. */
  private readonly clients = new Map<string, { sealedAuthToken: string; client: Twilio }>();
  private readonly options: TwilioHttpClientOptions;

  constructor(
    @Inject(RUNTIME_CONFIG) config: RuntimeConfig,
    private readonly connections: TwilioAccountConnections,
    private readonly vault: TwilioTokenVault,
    @Optional() observer?: TwilioCallObserver,
  ) {
    this.options = twilioClientOptions(config, observer);
    this.platform = createTwilioClient(
      config.twilio.accountSid,
      config.twilio.authToken,
      this.options,
    );
  }

  async forOrganization(organizationId: string): Promise<Twilio> {
    // Read afresh by every request, never remembered across requests: another replica may have
    // connected, replaced or disconnected the account a moment ago, and this request must already
    // see it. Within a request it is read once, so all its calls (a purchase, then the voice URL
    // of the number bought) go to the same account.
    const connection = await RequestScope.memo(`twilio-account-connection:${organizationId}`, () =>
      this.connections.find(organizationId),
    );
    if (!connection) return this.platform;
    // The client is remembered with the sealed token it was built from, and reused only while
    // that is what is stored: equal sealed text opens to the same account and token, so a cached
    // client never serves credentials other than those stored now. A re-connect (sealed afresh,
    // new random IV) or a disconnect on any replica shows at the next request. What the cache
    // saves is opening the token and a new keep-alive pool per request, never a database read.
    const cached = this.clients.get(organizationId);
    if (cached?.sealedAuthToken === connection.sealedAuthToken) return cached.client;
    if (this.clients.size >= MAX_CLIENTS) this.clients.clear();
    const client = createTwilioClient(
      connection.accountSid.value,
      this.vault.open(connection),
      this.options,
    );
    this.clients.set(organizationId, { sealedAuthToken: connection.sealedAuthToken, client });
    return client;
  }
}

/** How every Twilio client of the app talks to Twilio: timeouts, base URL, metrics. */
export function twilioClientOptions(
  config: RuntimeConfig,
  observer?: TwilioCallObserver,
): TwilioHttpClientOptions {
  return { ...config.twilio, onCall: observer?.observe };
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
