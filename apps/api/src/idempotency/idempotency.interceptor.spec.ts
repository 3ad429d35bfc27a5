import { isFinalOutcome } from './idempotency.interceptor';

describe('isFinalOutcome', () => {
  it.each([200, 201, 202, 204])('keeps a %i', (status) => {
    expect(isFinalOutcome(status)).toBe(true);
  });

  it.each([
    [400, 'validation_failed'],
    [404, 'phone_number_not_found'],
    [409, 'number_already_registered'],
    [409, 'number_not_available'],
    [422, 'idempotency_key_reused'],
  ])('keeps a %i %s: no retry changes it', (status, code) => {
    expect(isFinalOutcome(status, code)).toBe(true);
  });

  it.each([
    [409, 'purchase_in_progress', { 'Retry-After': '5' }],
    [409, 'purchase_in_progress', {}],
    [409, 'concurrent_update', {}],
    [409, 'idempotency_key_in_flight', {}],
    [429, 'too_many_requests', {}],
    [408, 'request_timeout', {}],
    [425, 'too_early', {}],
    [400, 'anything', { 'retry-after': '1' }],
    [500, 'internal_error', {}],
    [500, 'purchased_number_not_saved', {}],
    [502, 'telephony_provider_rejected', {}],
    [503, 'telephony_provider_rate_limited', { 'Retry-After': '2' }],
    [503, 'telephony_provider_unavailable', {}],
  ])('gives the key back after a %i %s', (status, code, headers) => {
    expect(isFinalOutcome(status, code, headers)).toBe(false);
  });
});
