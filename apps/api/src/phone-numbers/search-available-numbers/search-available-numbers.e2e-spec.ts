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
        iso_country: 'US',
        type: 'local',
        locality: 'San Francisco',
        region: 'CA',
        postal_code: '94103',
        rate_center: 'SNFC CNTL',
        latitude: 37.7749,
        longitude: -122.4194,
        beta: false,
        address_requirements: 'none',
        capabilities: {
          voice: expect.any(Boolean),
          sms: expect.any(Boolean),
          mms: expect.any(Boolean),
        },
      });
    }
    expect(response.body.detail).toBeUndefined();
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
    [{ area_code: '415', colour: 'blue' }, 'an unknown field'],
    [{ country: 'USA' }, 'a three-letter country'],
    [{ type: 'national' }, 'a type Loquent does not buy'],
    [{ contains: 'x' }, 'a one-character pattern'],
    [{ contains: '22-55' }, 'a pattern with a dash'],
    [{ near_number: '4155550100' }, 'a near number that is not E.164'],
    [{ near_number: '+14155550100', distance: 501 }, 'a distance over 500 miles'],
    [{ near_number: '+14155550100', distance: '10' }, 'a distance as a string'],
    [{ capabilities: { sms: 'yes' } }, 'a capability that is not a boolean'],
    [{ capabilities: { fax: true } }, 'a capability Loquent does not filter on'],
    [{ exclude_address_required: 'any' }, 'an unknown address exclusion'],
    [{ beta: 'false' }, 'beta as a string'],
    [{ limit: 0 }, 'a limit of 0'],
    [{ limit: 51 }, 'a limit over 50'],
    [{ in_postal_code: '' }, 'an empty postal code'],
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

  it.each([
    [{ country: 'GB', area_code: '207' }, 'area_code', /NANP/],
    [{ distance: 10 }, 'distance', /needs near_number/],
    [
      { country: 'GB', type: 'mobile', near_number: '+447700900100' },
      'near_number',
      /US and Canada/,
    ],
    [{ country: 'DE', in_region: 'Berlin' }, 'in_region', /US and Canada/],
    [{ country: 'AU', in_postal_code: '2000' }, 'in_postal_code', /US and Canada/],
    [{ country: 'ZZ' }, 'country', /ISO 3166/],
  ])('refuses %j, a search that cannot be made, with a 400 naming %s', async (body, field, why) => {
    const before = api.sandbox.requests.length;

    const response = await search(body).expect(400);

    expect(response.body).toMatchObject({
      status: 400,
      code: 'invalid_search_criteria',
      field,
      detail: expect.stringMatching(why),
    });
    expect(api.sandbox.requests.length).toBe(before);
  });

  it('searches a whole country when given no area code', async () => {
    const response = await search({}).expect(200);

    expect(response.body.numbers).toHaveLength(20);
    expect(
      response.body.numbers.every((n: { iso_country: string }) => n.iso_country === 'US'),
    ).toBe(true);
  });

  it.each([
    [{ country: 'GB', type: 'mobile' }, /^\+447/, 'GB', 'mobile'],
    [{ country: 'gb', type: 'local' }, /^\+44(20|161|131)/, 'GB', 'local'],
    [{ type: 'toll_free' }, /^\+18(00|33|44|55|66|77|88)/, 'US', 'toll_free'],
    [{ country: 'CA' }, /^\+1(403|416|514|604|613|905)/, 'CA', 'local'],
    [{ country: 'DE', type: 'mobile' }, /^\+4915/, 'DE', 'mobile'],
    [{ country: 'AU', type: 'toll_free' }, /^\+611800/, 'AU', 'toll_free'],
  ])('finds %j numbers', async (body, shape, country, type) => {
    const response = await search(body).expect(200);

    expect(response.body.numbers.length).toBeGreaterThan(0);
    for (const number of response.body.numbers) {
      expect(number).toMatchObject({ iso_country: country, type });
      expect(number.phone_number).toMatch(shape);
    }
  });

  it('says so in `detail`, with no numbers and no error, when Twilio sells no such numbers', async () => {
    const country = await search({ country: 'FR' }).expect(200);
    const type = await search({ country: 'US', type: 'mobile' }).expect(200);
    const area = await search({ area_code: '533' }).expect(200);

    expect(country.body).toEqual({ numbers: [], detail: 'Twilio sells no phone numbers in FR.' });
    expect(type.body).toEqual({
      numbers: [],
      detail: 'Twilio sells no mobile numbers in US; it sells local and toll_free numbers there.',
    });
    expect(area.body).toEqual({ numbers: [] });
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

/** Each filter over HTTP, on the sandbox: it keeps only numbers with the property, not others. */
describe('POST /api/twilio/search-available-numbers: each filter narrows the results', () => {
  interface Found {
    phone_number: string;
    locality: string | null;
    region: string | null;
    postal_code: string | null;
    latitude: number | null;
    longitude: number | null;
    beta: boolean;
    address_requirements: string;
    capabilities: { voice: boolean; sms: boolean; mms: boolean };
  }
  const numbers = async (body: object): Promise<Found[]> =>
    (await search({ limit: 50, ...body }).expect(200)).body.numbers;
  const narrows = async (
    base: object,
    filter: object,
    keeps: (n: Found) => boolean,
  ): Promise<Found[]> => {
    const all = await numbers(base);
    const narrowed = await numbers({ ...base, ...filter });
    // Narrowed: it keeps only what the filter asks for, where the search without it had others.
    expect(narrowed.length).toBeGreaterThan(0);
    expect(narrowed.every(keeps)).toBe(true);
    expect(all.some((n) => !keeps(n))).toBe(true);
    return narrowed;
  };

  it('area_code', async () => {
    await narrows({}, { area_code: '212' }, (n) => n.phone_number.startsWith('+1212'));
  });

  it('contains, with keypad letters: CALL finds the toll-free numbers with 2255', async () => {
    const found = await narrows({ type: 'toll_free' }, { contains: 'CALL' }, (n) =>
      n.phone_number.slice(2).includes('2255'),
    );
    expect(found.map((n) => n.phone_number)).toEqual(
      (await numbers({ type: 'toll_free', contains: '2255' })).map((n) => n.phone_number),
    );
  });

  it('contains, with * for any digit', async () => {
    await narrows({ area_code: '415' }, { contains: '555010*' }, (n) =>
      /^\+1415555010\d$/.test(n.phone_number),
    );
  });

  it('in_locality', async () => {
    await narrows(
      { country: 'GB' },
      { in_locality: 'Manchester' },
      (n) => n.locality === 'Manchester',
    );
  });

  it('in_region', async () => {
    await narrows({}, { in_region: 'NY' }, (n) => n.region === 'NY');
  });

  it('in_postal_code', async () => {
    await narrows({ country: 'CA' }, { in_postal_code: 'M5H' }, (n) => n.postal_code === 'M5H');
  });

  it('near_number and distance', async () => {
    const toronto = { latitude: 43.6532, longitude: -79.3832 };
    await narrows(
      { country: 'CA' },
      { near_number: '+14165550100', distance: 30 },
      (n) => miles(toronto, n) <= 30,
    );
    const wider = await numbers({ country: 'CA', near_number: '+14165550100', distance: 300 });
    expect(new Set(wider.map((n) => n.locality))).toContain('Ottawa');
  });

  it('capabilities', async () => {
    await narrows({ area_code: '415' }, { capabilities: { mms: true } }, (n) => n.capabilities.mms);
    await expect(numbers({ country: 'GB', capabilities: { sms: true } })).resolves.toEqual([]);
  });

  it('exclude_address_required', async () => {
    await narrows(
      { country: 'GB', type: 'mobile' },
      { exclude_address_required: true },
      (n) => n.address_requirements === 'none',
    );
    await narrows(
      { country: 'DE', type: 'toll_free' },
      { exclude_address_required: 'foreign' },
      (n) => n.address_requirements !== 'foreign',
    );
  });

  it('beta', async () => {
    await narrows({ area_code: '415' }, { beta: false }, (n) => !n.beta);
  });

  it('limit', async () => {
    await expect(numbers({ country: 'AU', type: 'mobile', limit: 3 })).resolves.toHaveLength(3);
  });
});

function miles(
  a: { latitude: number; longitude: number },
  b: { latitude: number | null; longitude: number | null },
): number {
  if (b.latitude === null || b.longitude === null) return Number.POSITIVE_INFINITY;
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const h =
    Math.sin(radians(b.latitude - a.latitude) / 2) ** 2 +
    Math.cos(radians(a.latitude)) *
      Math.cos(radians(b.latitude)) *
      Math.sin(radians(b.longitude - a.longitude) / 2) ** 2;
  return 2 * 3958.8 * Math.asin(Math.sqrt(h));
}
