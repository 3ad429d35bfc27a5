import { DomainError } from '../shared/domain-error';

export class InvalidTwilioAccountSid extends DomainError<
  'invalid_twilio_account_sid',
  { value: string }
> {
  readonly code = 'invalid_twilio_account_sid';

  constructor(value: string) {
    super(`"${value}" is not a Twilio account sid: AC followed by 32 hex digits`, { value });
  }
}

/** Carries the length only: the value may be a real token with a typo, and errors get logged. */
export class InvalidTwilioAuthToken extends DomainError<
  'invalid_twilio_auth_token',
  { length: number }
> {
  readonly code = 'invalid_twilio_auth_token';

  constructor(length: number) {
    super(`A Twilio auth token is 32 hex digits (got ${length} characters)`, { length });
  }
}

/** Twilio did not let this account sid and auth token in: nothing was kept. */
export class TwilioCredentialsRefused extends DomainError<
  'twilio_credentials_refused',
  { accountSid: string; providerStatus: number | null; providerCode: number | null }
> {
  readonly code = 'twilio_credentials_refused';

  constructor(
    accountSid: string,
    provider: { providerStatus: number | null; providerCode: number | null },
    cause?: unknown,
  ) {
    super(
      'Twilio did not accept this account sid and auth token; nothing was saved',
      {
        accountSid,
        providerStatus: provider.providerStatus,
        providerCode: provider.providerCode,
      },
      { cause },
    );
  }
}

/** The credentials open the account, but Twilio has suspended or closed it. */
export class TwilioAccountNotActive extends DomainError<
  'twilio_account_not_active',
  { accountSid: string; status: string }
> {
  readonly code = 'twilio_account_not_active';

  constructor(accountSid: string, status: string) {
    super(`Twilio says this account is ${status}`, { accountSid, status });
  }
}
