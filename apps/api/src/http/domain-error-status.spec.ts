import {
  AddressRequired,
  AgentNotFound,
  BundleRequired,
  ConcurrentUpdate,
  InvalidAreaCode,
  InvalidFriendlyName,
  InvalidTwilioAccountSid,
  InvalidTwilioAuthToken,
  InvalidSearchCriteria,
  NumberAlreadyRegistered,
  NumberNotAvailable,
  PhoneNumberNotFound,
  PurchasedNumberNotSaved,
  TelephonyProviderAuthenticationFailed,
  TelephonyProviderRateLimited,
  TelephonyProviderRejected,
  TelephonyProviderUnavailable,
  TwilioAccountNotActive,
  TwilioCredentialsRefused,
} from '@loquent/telephony-domain';
import { domainErrorResponse } from './domain-error-status';

const failure = { operation: 'purchase', providerStatus: 500, providerCode: 20500 };

describe('domainErrorResponse', () => {
  it.each([
    [new InvalidAreaCode('41'), 400, { value: '41' }],
    [new PhoneNumberNotFound('x'), 404, { id: 'x' }],
    [new AgentNotFound('a1'), 404, { agent_id: 'a1' }],
    [new ConcurrentUpdate('x'), 409, { id: 'x' }],
    [
      new InvalidFriendlyName('a\u0000b', 'control_character', 64),
      400,
      {
        errors: [{ field: 'friendly_name', message: expect.stringMatching(/^friendly_name /) }],
        problem: 'control_character',
      },
    ],
    [new NumberAlreadyRegistered('+14155550100'), 409, { phone_number: '+14155550100' }],
    [
      new NumberNotAvailable({
        ...failure,
        providerStatus: 400,
        providerCode: 21422,
        number: '+1',
      }),
      409,
      { twilio_code: 21422 },
    ],
    [new PurchasedNumberNotSaved('+14155550100', 'PN1', new Error()), 500, { twilio_sid: 'PN1' }],
    [new TelephonyProviderUnavailable(failure), 502, { twilio_code: 20500, twilio_status: 500 }],
    [
      new TelephonyProviderUnavailable({
        operation: 'x',
        providerStatus: null,
        providerCode: null,
      }),
      503,
      {},
    ],
    [
      new TelephonyProviderAuthenticationFailed({
        ...failure,
        providerStatus: 401,
        providerCode: 20003,
      }),
      502,
      { twilio_code: 20003 },
    ],
    [
      new TelephonyProviderRejected({
        ...failure,
        providerStatus: 400,
        providerCode: 21502,
        providerMessage: 'Invalid Url',
      }),
      502,
      { twilio_message: 'Invalid Url' },
    ],
    [
      new TwilioCredentialsRefused('AC1', { providerStatus: 401, providerCode: 20003 }),
      422,
      { twilio_status: 401, twilio_code: 20003 },
    ],
    [new TwilioAccountNotActive('AC1', 'suspended'), 422, { twilio_account_status: 'suspended' }],
  ])('maps %p to %i', (error, status, extensions) => {
    const response = domainErrorResponse(error);

    expect(response.status).toBe(status);
    expect(response.extensions).toMatchObject(extensions);
  });

  it('turns rate limiting into 503 with Retry-After', () => {
    const response = domainErrorResponse(
      new TelephonyProviderRateLimited({
        operation: 'x',
        providerStatus: 429,
        providerCode: 20429,
        retryAfterSeconds: 12,
      }),
    );

    expect(response).toMatchObject({
      status: 503,
      headers: { 'Retry-After': '12' },
      extensions: { retry_after: 12 },
    });
  });

  it('refuses a malformed account sid with the value, and a malformed auth token without it', () => {
    expect(domainErrorResponse(new InvalidTwilioAccountSid('AC123'))).toMatchObject({
      status: 400,
      extensions: { value: 'AC123' },
    });
    expect(domainErrorResponse(new InvalidTwilioAuthToken(32))).toEqual({
      status: 400,
      title: 'Invalid Twilio auth token',
      extensions: { length: 32 },
    });
  });

  it('answers a purchase refused for its address or bundle with 422, naming what was given', () => {
    const refusal = {
      operation: 'purchase',
      providerStatus: 400,
      number: '+447700900101',
      providerMessage: 'Phone Number Requires an Address',
    };

    expect(
      domainErrorResponse(
        new AddressRequired({ ...refusal, providerCode: 21631, addressSid: null }),
      ),
    ).toEqual({
      status: 422,
      title: 'The number needs an address',
      extensions: {
        phone_number: '+447700900101',
        address_sid: null,
        twilio_code: 21631,
        twilio_status: 400,
        twilio_message: 'Phone Number Requires an Address',
      },
    });
    expect(
      domainErrorResponse(
        new BundleRequired({ ...refusal, providerCode: 21649, bundleSid: 'BU' + '0'.repeat(32) }),
      ),
    ).toMatchObject({
      status: 422,
      extensions: { bundle_sid: 'BU' + '0'.repeat(32), twilio_code: 21649 },
    });
  });

  it('names the criterion of a search that cannot be made', () => {
    expect(
      domainErrorResponse(new InvalidSearchCriteria('distance', 10, 'needs near_number')),
    ).toEqual({
      status: 400,
      title: 'Invalid search',
      extensions: { field: 'distance', value: 10 },
    });
  });
});
