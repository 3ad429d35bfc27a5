import { Inject, Injectable } from '@nestjs/common';
import twilio, { Twilio } from 'twilio';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { TwilioHttpClient } from './twilio-http-client';

/** The Twilio REST client to use for an organization's account. */
@Injectable()
export class TwilioClients {
  private readonly platform: Twilio;

  constructor(@Inject(RUNTIME_CONFIG) config: RuntimeConfig) {
    this.platform = createTwilioClient(
      config.twilio.accountSid,
      config.twilio.authToken,
      config.twilio,
    );
  }

  async forOrganization(_organizationId: string): Promise<Twilio> {
    return this.platform;
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
