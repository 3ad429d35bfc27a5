import { bearer, TestApi, TestOrganization } from '../../../../../test/support/api/test-api';

let api: TestApi;
let org: TestOrganization;

beforeAll(async () => {
  api = await TestApi.start();
  org = await api.createOrganization();
});

afterAll(() => api.close());
afterEach(() => api.sandbox.faults.reset());

const search = (body: unknown, token = org.token) =>
  api.http
    .post('/api/twilio/search-available-numbers')
    .set(bearer(token))
    .send(body as object);

describe('POST /api/twilio/search-available-numbers', () => {
  it('returns the numbers Twilio has for sale in the area code, with locality and capabilities', async () => {
    const response = await search({ area_code: '415' }).expect(200);

    expect(response.body.numbers.length).toBeGreaterThan(0);
    for (const number of response.body.numbers) {
      expect(number).toEqual({
        phone_number: expect.stringMatching(/^\+1415\d{7}$/),
        friendly_name: expect.any(String),
        locality: 'San Francisco',
        region: 'CA',
        capabilities: {
          voice: expect.any(Boolean),
          sms: expect.any(Boolean),
          mms: expect.any(Boolean),
        },
      });
    }
    expect(response.body.numbers.map((n: { phone_number: string }) => n.phone_number)).toEqual(
      api.sandbox.availableNumbers('415').slice(0, response.body.numbers.length),
    );
  });

  it('answers an area code with nothing for sale with an empty list', async () => {
    const response = await search({ area_code: '533' }).expect(200);

    expect(response.body).toEqual({ numbers: [] });
  });

  it.each([
    [{ area_code: 415 }, 'a number instead of a string'],
    [{ area_code: '41' }, 'two digits'],
    [{ area_code: '4155' }, 'four digits'],
    [{ area_code: '015' }, 'a first digit of 0'],
    [{ area_code: '115' }, 'a first digit of 1'],
    [{}, 'no area code'],
    [{ area_code: '415', country: 'US' }, 'an unknown field'],
  ])('refuses %j (%s) with a 400 problem and never calls Twilio', async (body, _description) => {
    const before = api.sandbox.countOf('searchAvailableNumbers');

    const response = await search(body).expect(400);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 400,
      code: 'validation_failed',
      type: expect.any(String),
    });
    expect(response.body.errors.length).toBeGreaterThan(0);
    expect(api.sandbox.countOf('searchAvailableNumbers')).toBe(before);
  });

  it('refuses an array body as malformed (400 malformed_body) and never calls Twilio', async () => {
    const before = api.sandbox.countOf('searchAvailableNumbers');

    const response = await search([]).expect(400);

    expect(response.body).toMatchObject({ status: 400, code: 'malformed_body' });
    expect(api.sandbox.countOf('searchAvailableNumbers')).toBe(before);
  });

  it('rides out one Twilio failure: the search is retried', async () => {
    api.sandbox.faults.failNext('searchAvailableNumbers', {
      status: 500,
      code: 20500,
      message: 'Internal Server Error',
    });

    await search({ area_code: '415' }).expect(200);
  });

  it('says Twilio failed (502) with its code when Twilio keeps answering 500', async () => {
    api.sandbox.faults.failNext('searchAvailableNumbers', {
      status: 500,
      code: 20500,
      message: 'Internal Server Error',
      times: 3,
    });

    const response = await search({ area_code: '415' }).expect(502);

    expect(response.body).toMatchObject({
      code: 'telephony_provider_unavailable',
      twilio_code: 20500,
      twilio_status: 500,
    });
  });

  it('says Twilio is unreachable (503) when the connection keeps dropping', async () => {
    api.sandbox.faults.dropNext('searchAvailableNumbers', { times: 3 });

    const response = await search({ area_code: '415' }).expect(503);

    expect(response.body).toMatchObject({ code: 'telephony_provider_unavailable' });
    expect(response.body.twilio_status).toBeUndefined();
  });

  it('passes Twilio rate limiting on as 503 with Retry-After', async () => {
    api.sandbox.faults.failNext('searchAvailableNumbers', {
      status: 429,
      code: 20429,
      message: 'Too Many Requests',
      retryAfterSeconds: 7,
    });

    const response = await search({ area_code: '415' }).expect(503);

    expect(response.headers['retry-after']).toBe('7');
    expect(response.body).toMatchObject({
      code: 'telephony_provider_rate_limited',
      retry_after: 7,
      twilio_code: 20429,
    });
  });
});
