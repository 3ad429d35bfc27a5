import {
  AgentNotFound,
  ConcurrentUpdate,
  InvalidAreaCode,
  InvalidFriendlyName,
  NumberAlreadyRegistered,
  NumberNotAvailable,
  PhoneNumberNotFound,
  PurchasedNumberNotSaved,
  TelephonyProviderAuthenticationFailed,
  TelephonyProviderRateLimited,
  TelephonyProviderRejected,
  TelephonyProviderUnavailable,
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
});
