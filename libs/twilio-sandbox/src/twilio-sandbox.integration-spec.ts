import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MagicNumber, SandboxErrorCode, TwilioSandbox } from './index';

interface Credentials {
  accountSid: string;
  authToken: string;
}

interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

let sandbox: TwilioSandbox;

beforeEach(async () => {
  sandbox = await TwilioSandbox.start();
});

afterEach(() => sandbox.stop());

const RFC_2822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/;
const defaultAccount = (): Credentials => ({
  accountSid: sandbox.accountSid,
  authToken: sandbox.authToken,
});
const basic = ({ accountSid, authToken }: Credentials) =>
  `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
const accountPath = (accountSid = sandbox.accountSid) => `/2010-04-01/Accounts/${accountSid}`;
const numbersPath = (accountSid = sandbox.accountSid) =>
  `${accountPath(accountSid)}/IncomingPhoneNumbers.json`;
const numberPath = (sid: string, accountSid = sandbox.accountSid) =>
  `${accountPath(accountSid)}/IncomingPhoneNumbers/${sid}.json`;
const searchPath = (query: string, accountSid = sandbox.accountSid) =>
  `${accountPath(accountSid)}/AvailablePhoneNumbers/US/Local.json?${query}`;

async function call(
  method: string,
  path: string,
  options: {
    form?: Record<string, string>;
    as?: Credentials | null;
    headers?: Record<string, string>;
    body?: string;
    signal?: AbortSignal;
  } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  const as = options.as === undefined ? defaultAccount() : options.as;
  if (as) headers.Authorization = basic(as);
  let body = options.body;
  if (options.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    headers: response.headers,
  };
}

const buy = (phoneNumber: string, extra: Record<string, string> = {}, as?: Credentials) =>
  call('POST', numbersPath(as?.accountSid), {
    form: { PhoneNumber: phoneNumber, ...extra },
    ...(as ? { as } : {}),
  });

const control = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${sandbox.url}/__sandbox${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
};

const twilioError = (
  status: number,
  code: number,
  message: string | RegExp = expect.any(String),
) => ({
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status,
});

describe('authentication', () => {
  it('answers a request without credentials with 401 and code 20003', async () => {
    const reply = await call('GET', `${accountPath()}.json`, { as: null });

    expect(reply.status).toBe(401);
    expect(reply.body).toEqual(twilioError(401, 20003, 'Authenticate'));
    expect(reply.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('refuses a wrong auth token, and an account it does not know', async () => {
    const wrongToken = await call('GET', numbersPath(), {
      as: { accountSid: sandbox.accountSid, authToken: 'f'.repeat(32) },
    });
    const unknownAccount = await call('GET', numbersPath(), {
      as: { accountSid: 'AC' + 'a'.repeat(32), authToken: sandbox.authToken },
    });

    expect(wrongToken.body).toEqual(twilioError(401, 20003, 'Authenticate'));
    expect(unknownAccount.status).toBe(401);
    expect(sandbox.requests.map((r) => [r.status, r.account])).toEqual([
      [401, null],
      [401, null],
    ]);
  });

  it("answers another account's URL with 404, as Twilio does", async () => {
    const other = sandbox.createAccount('Other');

    const reply = await call('GET', numbersPath(other.accountSid));

    expect(reply.body).toEqual(
      twilioError(
        404,
        20404,
        `The requested resource ${numbersPath(other.accountSid)} was not found`,
      ),
    );
  });

  it('refuses the old token once the token is rotated, and accepts the new one', async () => {
    const old = defaultAccount();
    sandbox.setAuthToken(sandbox.accountSid, 'rotated-token');

    expect((await call('GET', `${accountPath()}.json`, { as: old })).status).toBe(401);
    expect(sandbox.authToken).toBe('rotated-token');
    expect((await call('GET', `${accountPath()}.json`)).status).toBe(200);
  });

  it('serves the account resource with Twilio field names and never echoes the auth token', async () => {
    const reply = await call('GET', `${accountPath()}.json`);

    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      sid: sandbox.accountSid,
      owner_account_sid: sandbox.accountSid,
      friendly_name: expect.any(String),
      status: 'active',
      type: 'Full',
      uri: `${accountPath()}.json`,
      date_created: expect.stringMatching(RFC_2822),
      subresource_uris: expect.objectContaining({ incoming_phone_numbers: numbersPath() }),
    });
    expect(reply.body).not.toHaveProperty('auth_token');
    expect(reply.headers.get('twilio-request-id')).toMatch(/^RQ[0-9a-f]{32}$/);
  });
});

describe('searching available numbers', () => {
  it('offers numbers of the area code with their location, as availableNumbers() lists them', async () => {
    const reply = await call('GET', searchPath('AreaCode=415&PageSize=20'));

    expect(reply.status).toBe(200);
    const offered = reply.body.available_phone_numbers as Record<string, unknown>[];
    expect(offered).toHaveLength(20);
    expect(offered.map((n) => n.phone_number)).toEqual(
      sandbox.availableNumbers('415').slice(0, 20),
    );
    expect(offered[0]).toEqual({
      friendly_name: expect.stringMatching(/^\(415\) \d{3}-\d{4}$/),
      phone_number: expect.stringMatching(/^\+1415\d{7}$/),
      lata: '722',
      locality: 'San Francisco',
      rate_center: 'SNFC CNTL',
      latitude: expect.any(Number),
      longitude: expect.any(Number),
      region: 'CA',
      postal_code: '94103',
      iso_country: 'US',
      address_requirements: 'none',
      beta: false,
      capabilities: { voice: true, sms: true, mms: true, fax: false },
    });
    expect(reply.body.uri).toBe(searchPath('AreaCode=415&PageSize=20'));
  });

  it('never offers a number some account owns', async () => {
    const owned = sandbox.ownedNumbers().map((n) => n.phoneNumber);
    const other = sandbox.createAccount();
    sandbox.ownNumber({ phoneNumber: sandbox.availableNumbers('212')[0]! }, other.accountSid);

    const reply = await call('GET', searchPath('AreaCode=212&PageSize=1000'));

    const offered = (reply.body.available_phone_numbers as { phone_number: string }[]).map(
      (n) => n.phone_number,
    );
    expect(offered.length).toBeGreaterThan(0);
    expect(offered).toEqual(sandbox.availableNumbers('212'));
    expect(offered.filter((n) => owned.includes(n))).toEqual([]);
    expect(offered).not.toContain(sandbox.ownedNumbers(other.accountSid)[0]!.phoneNumber);
  });

  it('offers numbers in any valid area code, with no location outside the known ones', async () => {
    const reply = await call('GET', searchPath('AreaCode=479&PageSize=5'));

    const [first] = reply.body.available_phone_numbers as Record<string, unknown>[];
    expect(first).toMatchObject({ locality: null, region: null, latitude: null, lata: null });
    expect(first!.phone_number).toMatch(/^\+1479/);
  });

  it('answers area code 533 with 21452, like Twilio test credentials', async () => {
    const reply = await call('GET', searchPath('AreaCode=533&PageSize=20'));

    expect(reply.body).toEqual(
      twilioError(
        400,
        SandboxErrorCode.NoNumbersInAreaCode,
        'No phone numbers found in area code 533',
      ),
    );
    expect(sandbox.invalidRequests).toEqual([]);
  });

  it.each([
    ['AreaCode=41', 21451],
    ['AreaCode=123', 21451],
    ['AreaCode=abc', 20001],
    ['AreaCode=415&PageSize=0', 20001],
    ['AreaCode=415&Color=blue', 20001],
  ])('refuses %s with 400 (code %d) and records it as invalid', async (query, code) => {
    const reply = await call('GET', searchPath(query));

    expect(reply.body).toEqual(twilioError(400, code));
    expect(sandbox.invalidRequests).toEqual([
      expect.objectContaining({ operation: 'searchAvailableNumbers', status: 400, code }),
    ]);
  });

  it('filters with Contains and location parameters', async () => {
    const contains = await call('GET', searchPath('AreaCode=415&Contains=555010*'));
    const elsewhere = await call('GET', searchPath('AreaCode=415&InRegion=NY'));

    const numbers = (contains.body.available_phone_numbers as { phone_number: string }[]).map(
      (n) => n.phone_number,
    );
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers.every((n) => /^\+1415555010\d$/.test(n))).toBe(true);
    expect(elsewhere.body.available_phone_numbers).toEqual([]);
  });

  it('has nothing in a country or of a type it does not sell, and no AreaCode outside NANP', async () => {
    const country = await call('GET', `${accountPath()}/AvailablePhoneNumbers/FR/Local.json`);
    const type = await call('GET', `${accountPath()}/AvailablePhoneNumbers/US/Mobile.json`);
    const national = await call('GET', `${accountPath()}/AvailablePhoneNumbers/GB/National.json`);
    const areaCode = await call(
      'GET',
      `${accountPath()}/AvailablePhoneNumbers/GB/Local.json?AreaCode=415`,
    );

    expect([country.status, type.status, national.status]).toEqual([404, 404, 404]);
    expect(type.body).toMatchObject({ code: 20404 });
    expect(areaCode.body).toEqual(twilioError(400, SandboxErrorCode.InvalidParameter));
  });
});

const typePath = (country: string, segment: string, query = '') =>
  `${accountPath()}/AvailablePhoneNumbers/${country}/${segment}.json${query ? `?${query}` : ''}`;
type Offered = {
  phone_number: string;
  iso_country: string;
  locality: string | null;
  region: string | null;
  postal_code: string | null;
  latitude: number | null;
  longitude: number | null;
  beta: boolean;
  address_requirements: string;
  capabilities: { voice: boolean; sms: boolean; mms: boolean };
};
async function offered(country: string, segment: string, query = ''): Promise<Offered[]> {
  const reply = await call('GET', typePath(country, segment, query));
  expect(reply.status).toBe(200);
  return reply.body.available_phone_numbers as Offered[];
}

describe('searching any country and type it sells', () => {
  it('lists the countries it sells in, each with the types it has there', async () => {
    const reply = await call('GET', `${accountPath()}/AvailablePhoneNumbers.json`);
    const gb = await call('GET', `${accountPath()}/AvailablePhoneNumbers/GB.json`);

    const countries = reply.body.countries as { country_code: string; subresource_uris: object }[];
    expect(countries.map((c) => c.country_code)).toEqual(['US', 'CA', 'GB', 'DE', 'AU']);
    expect(countries[0]!.subresource_uris).toEqual({
      local: `${accountPath()}/AvailablePhoneNumbers/US/Local.json`,
      toll_free: `${accountPath()}/AvailablePhoneNumbers/US/TollFree.json`,
    });
    expect(gb.body).toEqual({
      country_code: 'GB',
      country: 'United Kingdom',
      uri: `${accountPath()}/AvailablePhoneNumbers/GB.json`,
      beta: false,
      subresource_uris: {
        local: `${accountPath()}/AvailablePhoneNumbers/GB/Local.json`,
        mobile: `${accountPath()}/AvailablePhoneNumbers/GB/Mobile.json`,
        toll_free: `${accountPath()}/AvailablePhoneNumbers/GB/TollFree.json`,
      },
    });
    expect((await call('GET', `${accountPath()}/AvailablePhoneNumbers/FR.json`)).status).toBe(404);
  });

  it.each([
    ['US', 'TollFree', /^\+18(00|33|44|55|66|77|88)\d{7}$/],
    ['CA', 'Local', /^\+1(403|416|514|604|613|905)\d{7}$/],
    ['CA', 'TollFree', /^\+18\d{2}55502\d{2}$/],
    ['GB', 'Local', /^\+44(20|161|131)\d{7,8}$/],
    ['GB', 'Mobile', /^\+447700900\d{3}$/],
    ['GB', 'TollFree', /^\+44808157\d{4}$/],
    ['DE', 'Local', /^\+49(30|89)\d{8}$/],
    ['DE', 'Mobile', /^\+4915\d{9}$/],
    ['DE', 'TollFree', /^\+49800\d{7}$/],
    ['AU', 'Local', /^\+61[237]5550\d{4}$/],
    ['AU', 'Mobile', /^\+61491570\d{3}$/],
    ['AU', 'TollFree', /^\+611800160\d{3}$/],
  ])('sells %s %s numbers of that country', async (country, segment, shape) => {
    const numbers = await offered(country, segment, 'PageSize=100');

    expect(numbers.length).toBeGreaterThanOrEqual(10);
    expect(numbers.every((n) => shape.test(n.phone_number) && n.iso_country === country)).toBe(
      true,
    );
    expect(new Set(numbers.map((n) => n.phone_number)).size).toBe(numbers.length);
  });

  it('says what each needs: nothing in the US, an address or a local one elsewhere', async () => {
    const requirements = async (country: string, segment: string) => [
      ...new Set(
        (await offered(country, segment, 'PageSize=100')).map((n) => n.address_requirements),
      ),
    ];

    expect(await requirements('US', 'Local')).toEqual(['none']);
    expect(await requirements('GB', 'Local')).toEqual(['local']);
    expect((await requirements('GB', 'Mobile')).sort()).toEqual(['any', 'none']);
    expect((await requirements('DE', 'TollFree')).sort()).toEqual(['foreign', 'none']);
    expect(await requirements('AU', 'Mobile')).toEqual(['any']);
  });

  it('searches the whole country when given no area code, area code by area code', async () => {
    const numbers = await offered('US', 'Local', 'PageSize=1000');

    expect(numbers.map((n) => n.phone_number.slice(2, 5))).toEqual(
      [...numbers.map((n) => n.phone_number.slice(2, 5))].sort(),
    );
    expect(new Set(numbers.map((n) => n.region))).toEqual(
      new Set(['WA', 'NY', 'FL', 'CA', 'IL', 'GA', 'OR', 'TX', 'MA', 'NV', 'CO', 'HI']),
    );
    expect(numbers.some((n) => n.phone_number.startsWith('+1416'))).toBe(false);
  });
});

describe('each filter narrows the results', () => {
  const allOf = (numbers: Offered[], test: (n: Offered) => boolean) =>
    numbers.length > 0 && numbers.every(test);

  it('Contains: digits, keypad letters and * wildcards, anywhere in the national number', async () => {
    const all = await offered('US', 'TollFree', 'PageSize=1000');
    const call2255 = await offered('US', 'TollFree', 'Contains=2255&PageSize=1000');
    const callWord = await offered('US', 'TollFree', 'Contains=CALL&PageSize=1000');
    const wild = await offered('GB', 'Mobile', 'Contains=9001*0&PageSize=100');

    expect(call2255.length).toBeLessThan(all.length);
    expect(allOf(call2255, (n) => n.phone_number.slice(2).includes('2255'))).toBe(true);
    expect(callWord).toEqual(call2255);
    expect(allOf(wild, (n) => /9001\d0/.test(n.phone_number.slice(3)))).toBe(true);
  });

  it.each([
    ['InLocality', 'San Francisco', 'locality'],
    ['InRegion', 'CA', 'region'],
    ['InPostalCode', '10001', 'postal_code'],
  ] as const)('%s=%s', async (param, value, field) => {
    const all = await offered('US', 'Local', 'PageSize=1000');
    const narrowed = await offered(
      'US',
      'Local',
      `${param}=${encodeURIComponent(value)}&PageSize=1000`,
    );

    expect(narrowed.length).toBeLessThan(all.length);
    expect(allOf(narrowed, (n) => n[field] === value)).toBe(true);
  });

  it('InLocality in a country with no regions: London among UK local numbers', async () => {
    const all = await offered('GB', 'Local', 'PageSize=100');
    const london = await offered('GB', 'Local', 'InLocality=london&PageSize=100');

    expect(london.length).toBeLessThan(all.length);
    expect(allOf(london, (n) => n.locality === 'London')).toBe(true);
  });

  it('NearNumber and Distance: the numbers within that many miles of the number', async () => {
    const near = (miles: number) =>
      offered(
        'CA',
        'Local',
        `NearNumber=${encodeURIComponent('+14165550100')}&Distance=${miles}&PageSize=1000`,
      );

    const within30 = await near(30);
    const within500 = await near(500);
    const toronto = new Set(within30.map((n) => n.locality));

    expect(toronto).toEqual(new Set(['Toronto', 'Mississauga']));
    expect(new Set(within500.map((n) => n.locality))).toEqual(
      new Set(['Toronto', 'Mississauga', 'Montreal', 'Ottawa']),
    );
    expect(await offered('US', 'Local', 'NearNumber=%2B14155550100')).toEqual(
      expect.arrayContaining([expect.objectContaining({ locality: 'San Mateo' })]),
    );
  });

  it('VoiceEnabled, SmsEnabled, MmsEnabled: only numbers that can', async () => {
    const all = await offered('US', 'Local', 'AreaCode=415&PageSize=100');
    const mms = await offered('US', 'Local', 'AreaCode=415&MmsEnabled=true&PageSize=100');
    const sms = await offered('GB', 'Local', 'SmsEnabled=true');

    expect(mms.length).toBeLessThan(all.length);
    expect(allOf(mms, (n) => n.capabilities.mms)).toBe(true);
    expect(sms).toEqual([]);
    expect((await offered('GB', 'Local', 'VoiceEnabled=true')).length).toBeGreaterThan(0);
  });

  it('ExcludeAll/Local/ForeignAddressRequired: leave out numbers needing such an address', async () => {
    const mobiles = await offered('GB', 'Mobile', 'PageSize=100');
    const noAddress = await offered('GB', 'Mobile', 'ExcludeAllAddressRequired=true&PageSize=100');
    const noForeign = await offered(
      'DE',
      'TollFree',
      'ExcludeForeignAddressRequired=true&PageSize=100',
    );
    const noLocal = await offered('GB', 'Local', 'ExcludeLocalAddressRequired=true');

    expect(noAddress.length).toBeLessThan(mobiles.length);
    expect(allOf(noAddress, (n) => n.address_requirements === 'none')).toBe(true);
    expect(allOf(noForeign, (n) => n.address_requirements !== 'foreign')).toBe(true);
    expect(noLocal).toEqual([]);
  });

  it('Beta=false: leaves out numbers new to the platform', async () => {
    const all = await offered('US', 'Local', 'AreaCode=415&PageSize=100');
    const established = await offered('US', 'Local', 'AreaCode=415&Beta=false&PageSize=100');

    expect(all.filter((n) => n.beta)).toHaveLength(2);
    expect(established).toEqual(all.filter((n) => !n.beta));
  });

  it('PageSize: at most that many', async () => {
    await expect(offered('AU', 'Mobile', 'PageSize=7')).resolves.toHaveLength(7);
  });
});

describe('buying numbers that need an address or a bundle', () => {
  const ukMobileNeeding = (requirement: string) =>
    sandbox
      .numbersForSale({ country: 'GB', type: 'mobile' })
      .find((n) => n.addressRequirements === requirement)!.phoneNumber;
  const addressIn = (country: string) =>
    sandbox.addresses().find((a) => a.isoCountry === country)!.sid;
  const bundleFor = (country: string, type: string) =>
    sandbox.bundles().find((b) => b.isoCountry === country && b.numberType === type)!.sid;

  it('refuses one needing an address without AddressSid (21631), buying nothing, then sells it with one', async () => {
    const number = ukMobileNeeding('any');

    const refused = await buy(number);
    const sold = await buy(number, { AddressSid: addressIn('US') });

    expect(refused.body).toEqual(
      twilioError(400, SandboxErrorCode.AddressRequired, 'Phone Number Requires an Address'),
    );
    expect(sandbox.invalidRequests).toEqual([]);
    expect(sold.status).toBe(201);
    expect(sold.body).toMatchObject({ phone_number: number, address_sid: addressIn('US') });
    expect(sandbox.countOf('purchaseNumber', 400)).toBe(1);
  });

  it('sells one needing no address without one', async () => {
    expect((await buy(ukMobileNeeding('none'))).status).toBe(201);
  });

  it('refuses an unknown address, or one in the wrong country for a local requirement', async () => {
    const london = sandbox.numbersForSale({ country: 'GB', type: 'local' })[0]!.phoneNumber;
    const bundle = bundleFor('GB', 'local');

    const unknown = await buy(london, { AddressSid: 'AD' + 'f'.repeat(32), BundleSid: bundle });
    const foreign = await buy(london, { AddressSid: addressIn('DE'), BundleSid: bundle });
    const foreignForForeign = await buy(
      sandbox
        .numbersForSale({ country: 'DE', type: 'toll_free' })
        .find((n) => n.addressRequirements === 'foreign')!.phoneNumber,
      { AddressSid: addressIn('DE') },
    );

    for (const reply of [unknown, foreign, foreignForForeign]) {
      expect(reply.body).toEqual(
        twilioError(
          400,
          SandboxErrorCode.AddressRequired,
          expect.stringMatching(/^Could not find Address with sid AD/),
        ),
      );
    }
    expect(sandbox.ownedNumbers().map((n) => n.phoneNumber)).not.toContain(london);
  });

  it('refuses one needing a bundle without an approved one for its country and type (21649)', async () => {
    const sydney = sandbox.numbersForSale({ country: 'AU', type: 'local' })[0]!.phoneNumber;
    const address = addressIn('AU');
    const pending = sandbox.createBundle({
      isoCountry: 'AU',
      numberType: 'local',
      status: 'pending-review',
    });

    const replies = [
      await buy(sydney, { AddressSid: address }),
      await buy(sydney, { AddressSid: address, BundleSid: bundleFor('AU', 'mobile') }),
      await buy(sydney, { AddressSid: address, BundleSid: pending.sid }),
    ];
    const sold = await buy(sydney, { AddressSid: address, BundleSid: bundleFor('AU', 'local') });

    for (const reply of replies)
      expect(reply.body).toMatchObject({ code: SandboxErrorCode.BundleRequired, status: 400 });
    expect(sold.status).toBe(201);
    expect(sold.body).toMatchObject({
      bundle_sid: bundleFor('AU', 'local'),
      address_requirements: 'local',
    });
  });

  it('gives the demo account an address per country and the bundles its regulated numbers need', () => {
    expect(sandbox.addresses().map((a) => a.isoCountry)).toEqual(['US', 'CA', 'GB', 'DE', 'AU']);
    expect(sandbox.bundles().map((b) => `${b.isoCountry} ${b.numberType} ${b.status}`)).toEqual([
      'GB local twilio-approved',
      'DE local twilio-approved',
      'DE mobile twilio-approved',
      'AU local twilio-approved',
      'AU mobile twilio-approved',
    ]);
  });

  it('creates and lists addresses and bundles over the control API', async () => {
    const other = sandbox.createAccount();

    const address = await control('POST', `/accounts/${other.accountSid}/addresses`, {
      isoCountry: 'GB',
    });
    const bundle = await control('POST', `/accounts/${other.accountSid}/bundles`, {
      isoCountry: 'GB',
      numberType: 'local',
    });
    const bad = await control('POST', `/accounts/${other.accountSid}/bundles`, {
      isoCountry: 'GB',
      numberType: 'national',
    });

    expect(address).toEqual({
      status: 201,
      body: {
        sid: expect.stringMatching(/^AD[0-9a-f]{32}$/),
        isoCountry: 'GB',
        customerName: expect.any(String),
      },
    });
    expect(bundle.body).toMatchObject({
      sid: expect.stringMatching(/^BU[0-9a-f]{32}$/),
      status: 'twilio-approved',
    });
    expect(bad.status).toBe(400);
    expect((await control('GET', `/accounts/${other.accountSid}/addresses`)).body).toEqual({
      addresses: [address.body],
    });
    expect((await control('GET', `/accounts/${other.accountSid}/bundles`)).body).toEqual({
      bundles: [bundle.body],
    });
    expect((await control('GET', '/numbers-for-sale/GB/mobile')).body.numbers[0]).toMatchObject({
      isoCountry: 'GB',
      type: 'mobile',
    });
  });
});

describe('buying a number', () => {
  it('moves it from the inventory into the account, and answers 201 with the resource', async () => {
    const number = sandbox.availableNumbers('415')[0]!;

    const reply = await buy(number, { FriendlyName: 'Front desk' });

    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      account_sid: sandbox.accountSid,
      sid: expect.stringMatching(/^PN[0-9a-f]{32}$/),
      phone_number: number,
      friendly_name: 'Front desk',
      voice_url: null,
      voice_method: 'POST',
      sms_url: null,
      status: 'in-use',
      origin: 'twilio',
      trunk_sid: null,
      date_created: expect.stringMatching(RFC_2822),
      uri: numberPath(reply.body.sid as string),
    });
    expect(sandbox.availableNumbers('415')).not.toContain(number);
    expect(sandbox.ownedNumbers().at(-1)).toMatchObject({
      phoneNumber: number,
      sid: reply.body.sid,
    });
  });

  it("names the number like Twilio, '(415) 555-0123', when no FriendlyName is given", async () => {
    const number = sandbox.availableNumbers('212')[0]!;

    const reply = await buy(number);

    expect(reply.body.friendly_name).toBe(`(212) ${number.slice(5, 8)}-${number.slice(8)}`);
  });

  it('keeps the voice and SMS settings sent with the purchase', async () => {
    const reply = await buy(sandbox.availableNumbers('415')[0]!, {
      VoiceUrl: 'https://example.com/voice',
      VoiceMethod: 'GET',
      SmsUrl: 'https://example.com/sms',
    });

    expect(reply.body).toMatchObject({
      voice_url: 'https://example.com/voice',
      voice_method: 'GET',
      sms_url: 'https://example.com/sms',
    });
  });

  it('buys the first available number of an AreaCode when no PhoneNumber is given', async () => {
    const first = sandbox.availableNumbers('617')[0];

    const reply = await call('POST', numbersPath(), { form: { AreaCode: '617' } });

    expect(reply.body.phone_number).toBe(first);
  });

  it('refuses a number nobody sells, or that an account already owns, with 21422', async () => {
    const owned = sandbox.ownedNumbers()[0]!.phoneNumber;
    const other = sandbox.createAccount();

    const notForSale = await buy('+14155559999');
    const ownedElsewhere = await buy(owned, {}, other);

    for (const reply of [notForSale, ownedElsewhere]) {
      expect(reply.body).toEqual(
        twilioError(400, SandboxErrorCode.PhoneNumberUnavailable, 'PhoneNumber is unavailable'),
      );
    }
    expect(sandbox.ownedNumbers(other.accountSid)).toEqual([]);
  });

  it("reproduces Twilio's magic test numbers", async () => {
    const available = await buy(MagicNumber.Available);
    const unavailable = await buy(MagicNumber.Unavailable);
    const invalid = await buy(MagicNumber.Invalid);

    expect(available.status).toBe(201);
    expect(unavailable.body).toEqual(twilioError(400, 21422, 'PhoneNumber is unavailable'));
    expect(invalid.body).toEqual(twilioError(400, 21421, 'PhoneNumber is invalid'));
    expect(sandbox.invalidRequests).toEqual([]);
  });

  it('refuses a phone number that is not E.164 with 21421', async () => {
    expect((await buy('4155550123')).body).toEqual(twilioError(400, 21421));
  });

  it('refuses a purchase naming neither PhoneNumber nor AreaCode, and records it', async () => {
    const reply = await call('POST', numbersPath(), { form: { FriendlyName: 'x' } });

    expect(reply.body).toEqual(twilioError(400, 20001));
    expect(sandbox.invalidRequests).toHaveLength(1);
  });
});

describe('listing the numbers of the account', () => {
  it("answers in Twilio's envelope, 50 a page by default, in creation order", async () => {
    const reply = await call('GET', numbersPath());

    const firstPage = `${numbersPath()}?PageSize=50&Page=0`;
    expect(reply.body).toEqual({
      first_page_uri: firstPage,
      end: 11,
      previous_page_uri: null,
      incoming_phone_numbers: expect.any(Array),
      uri: firstPage,
      page_size: 50,
      start: 0,
      next_page_uri: null,
      page: 0,
    });
    const listed = reply.body.incoming_phone_numbers as { sid: string }[];
    expect(listed.map((n) => n.sid)).toEqual(sandbox.ownedNumbers().map((n) => n.sid));
  });

  it('pages through 2,500 numbers with PageSize, next_page_uri and PageToken', async () => {
    sandbox.seedOwnedNumbers(2_488);
    const pages: Record<string, unknown>[] = [];

    let next: string | null = `${numbersPath()}?PageSize=1000`;
    while (next) {
      const reply = await call('GET', next);
      expect(reply.status).toBe(200);
      pages.push(reply.body);
      next = reply.body.next_page_uri as string | null;
    }

    expect(pages.map((p) => (p.incoming_phone_numbers as unknown[]).length)).toEqual([
      1000, 1000, 500,
    ]);
    expect(pages.map((p) => [p.page, p.start, p.end])).toEqual([
      [0, 0, 999],
      [1, 1000, 1999],
      [2, 2000, 2499],
    ]);
    const lastOfFirst = (pages[0]!.incoming_phone_numbers as { sid: string }[])[999]!.sid;
    expect(pages[0]!.next_page_uri).toBe(
      `${numbersPath()}?PageSize=1000&Page=1&PageToken=PA${lastOfFirst}`,
    );
    const sids = pages.flatMap((p) =>
      (p.incoming_phone_numbers as { sid: string }[]).map((n) => n.sid),
    );
    expect(sids).toEqual(sandbox.ownedNumbers().map((n) => n.sid));
    expect(new Set(sids).size).toBe(2_500);
  });

  it('goes back with previous_page_uri and accepts Page alone as an offset', async () => {
    sandbox.seedOwnedNumbers(88);
    const first = await call('GET', `${numbersPath()}?PageSize=40`);
    const second = await call('GET', first.body.next_page_uri as string);

    const back = await call('GET', second.body.previous_page_uri as string);
    const byOffset = await call('GET', `${numbersPath()}?PageSize=40&Page=1`);

    expect(back.body.incoming_phone_numbers).toEqual(first.body.incoming_phone_numbers);
    expect(byOffset.body.incoming_phone_numbers).toEqual(second.body.incoming_phone_numbers);
  });

  it('keeps paging right when a number of an earlier page is released meanwhile', async () => {
    sandbox.seedOwnedNumbers(8);
    const first = await call('GET', `${numbersPath()}?PageSize=10`);
    const firstSids = (first.body.incoming_phone_numbers as { sid: string }[]).map((n) => n.sid);
    await call('DELETE', numberPath(firstSids[9]!));

    const second = await call('GET', first.body.next_page_uri as string);

    expect((second.body.incoming_phone_numbers as { sid: string }[]).map((n) => n.sid)).toEqual(
      sandbox
        .ownedNumbers()
        .slice(9)
        .map((n) => n.sid),
    );
  });

  it('filters by PhoneNumber as Twilio does ("contains"), and by FriendlyName', async () => {
    const exact = await call('GET', `${numbersPath()}?PhoneNumber=%2B14155550101&PageSize=20`);
    const partial = await call('GET', `${numbersPath()}?PhoneNumber=%2B1415&PageSize=20`);
    const named = await call('GET', `${numbersPath()}?FriendlyName=Support`);

    const numbers = (reply: Reply) =>
      (reply.body.incoming_phone_numbers as { phone_number: string }[]).map((n) => n.phone_number);
    expect(numbers(exact)).toEqual(['+14155550101']);
    expect(numbers(partial)).toEqual(['+14155550100', '+14155550101', '+14155550102']);
    expect(numbers(named)).toEqual(['+14155550101']);
    expect(exact.body.uri).toBe(`${numbersPath()}?PhoneNumber=%2B14155550101&PageSize=20&Page=0`);
  });

  it.each([
    ['PageSize=1001', 20001],
    ['PageSize=ten', 20001],
    ['Page=-1', 20001],
    ['PageToken=PAxyz', 20001],
    ['Beta=maybe', 20001],
    ['AreaCode=415', 20001],
  ])('refuses %s with 400 and records it', async (query, code) => {
    const reply = await call('GET', `${numbersPath()}?${query}`);

    expect(reply.body).toEqual(twilioError(400, code));
    expect(sandbox.invalidRequests).toEqual([
      expect.objectContaining({ operation: 'listIncomingNumbers', path: numbersPath() }),
    ]);
  });
});

describe('one number: fetch, update, release', () => {
  it('fetches a number by sid, and answers an unknown sid with 404 20404', async () => {
    const owned = sandbox.ownedNumbers()[0]!;
    const unknown = 'PN' + '0'.repeat(32);

    const found = await call('GET', numberPath(owned.sid));
    const missing = await call('GET', numberPath(unknown));

    expect(found.body).toMatchObject({ sid: owned.sid, phone_number: owned.phoneNumber });
    expect(missing.body).toEqual(
      twilioError(404, 20404, `The requested resource ${numberPath(unknown)} was not found`),
    );
    expect(sandbox.invalidRequests).toEqual([]);
  });

  it('answers a malformed sid with 404 and records it as invalid', async () => {
    const reply = await call('GET', numberPath('PN123'));

    expect(reply.status).toBe(404);
    expect(sandbox.invalidRequests).toEqual([
      expect.objectContaining({ operation: 'fetchIncomingNumber' }),
    ]);
  });

  it('changes only what the update sends, remembers it, and leaves SMS settings alone', async () => {
    const main = sandbox.ownedNumbers().find((n) => n.friendlyName === 'Main line')!;

    const updated = await call('POST', numberPath(main.sid), {
      form: { VoiceUrl: 'https://api.loquent.test/twilio/voice', VoiceMethod: 'POST' },
    });
    const fetched = await call('GET', numberPath(main.sid));

    expect(updated.status).toBe(200);
    expect(fetched.body).toEqual(updated.body);
    expect(fetched.body).toMatchObject({
      voice_url: 'https://api.loquent.test/twilio/voice',
      voice_method: 'POST',
      friendly_name: 'Main line',
      sms_url: main.smsUrl,
      sms_method: main.smsMethod,
    });
    const after = sandbox.ownedNumbers().find((n) => n.sid === main.sid)!;
    expect(after).toEqual({
      ...main,
      voiceUrl: 'https://api.loquent.test/twilio/voice',
      voiceMethod: 'POST',
      dateUpdated: expect.any(Date),
    });
    expect(after.dateUpdated.getTime()).toBeGreaterThan(main.dateUpdated.getTime());
  });

  it('clears the voice URL when VoiceUrl is empty', async () => {
    const main = sandbox.ownedNumbers().find((n) => n.friendlyName === 'Main line')!;

    const reply = await call('POST', numberPath(main.sid), { form: { VoiceUrl: '' } });

    expect(reply.body.voice_url).toBeNull();
    expect(sandbox.ownedNumbers().find((n) => n.sid === main.sid)!.voiceUrl).toBeNull();
  });

  it.each([
    [{ VoiceMethod: 'PUT' }, 20001],
    [{ VoiceUrl: 'ftp://example.com/voice' }, 21502],
    [{ VoiceUrl: '/twilio/voice' }, 21502],
    [{ VoiceUrl: 'https://example.com/voice', Colour: 'red' }, 20001],
    [{ TrunkSid: 'TK123' }, 20001],
    [{ VoiceCallerIdLookup: 'yes' }, 20001],
  ])('refuses %j with 400 (code %d), changes nothing, and records it', async (form, code) => {
    const before = sandbox.ownedNumbers();

    const reply = await call('POST', numberPath(before[0]!.sid), { form });

    expect(reply.body).toEqual(twilioError(400, code));
    expect(sandbox.ownedNumbers()).toEqual(before);
    expect(sandbox.invalidRequests).toEqual([
      expect.objectContaining({ operation: 'updateIncomingNumber', code, status: 400 }),
    ]);
  });

  it('refuses a JSON body: Twilio only reads form encoding', async () => {
    const sid = sandbox.ownedNumbers()[0]!.sid;

    const reply = await call('POST', numberPath(sid), {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ VoiceUrl: 'https://example.com' }),
    });

    expect(reply.status).toBe(400);
    expect(sandbox.invalidRequests).toHaveLength(1);
  });

  it('refuses a body over 1 MB with 413, and a path that is not percent-encoding with 404, both recorded', async () => {
    const tooLarge = await call('POST', numbersPath(), {
      form: { FriendlyName: 'x'.repeat(1024 * 1024) },
    });
    const malformed = await call('GET', `${accountPath()}/IncomingPhoneNumbers/PN%E0%A4%A.json`);

    expect(tooLarge.body).toEqual(twilioError(413, 20001));
    expect(malformed.body).toEqual(twilioError(404, 20404));
    expect(sandbox.invalidRequests.map((r) => r.status)).toEqual([413, 404]);
  });

  it('answers an unsupported method with 405 and an unknown resource with 404, all recorded', async () => {
    const put = await call('PUT', numbersPath());
    const head = await call('HEAD', numbersPath());
    const unknown = await call('GET', `${accountPath()}/Calls.json`);
    const otherCase = await call('GET', numbersPath().toLowerCase());

    expect(put.body).toEqual(twilioError(405, 20004));
    expect(head.status).toBe(405);
    expect(unknown.body).toEqual(twilioError(404, 20404));
    expect(otherCase.status).toBe(404);
    expect(sandbox.invalidRequests.map((r) => r.operation)).toEqual([
      'unknown',
      'unknown',
      'unknown',
      'unknown',
    ]);
  });

  it('releases a number with 204: it leaves the account and is for sale again', async () => {
    const released = sandbox.ownedNumbers().find((n) => n.phoneNumber === '+14155550102')!;

    const reply = await call('DELETE', numberPath(released.sid));

    expect(reply.status).toBe(204);
    expect(sandbox.ownedNumbers().map((n) => n.sid)).not.toContain(released.sid);
    expect(sandbox.availableNumbers('415')).toContain('+14155550102');
    expect((await call('GET', numberPath(released.sid))).status).toBe(404);
    expect((await call('DELETE', numberPath(released.sid))).body).toEqual(twilioError(404, 20404));
    expect((await buy('+14155550102')).status).toBe(201);
  });

  it('puts a released number from outside the inventory back on sale in its area code', async () => {
    const owned = sandbox.ownNumber({ phoneNumber: '+16505551234' });

    await call('DELETE', numberPath(owned.sid));

    expect(sandbox.availableNumbers('650')).toContain('+16505551234');
    expect((await buy('+16505551234')).status).toBe(201);
  });
});

describe('fault injection', () => {
  it("fails before applying ('before'): the purchase answers the error and buys nothing", async () => {
    const number = sandbox.availableNumbers('415')[0]!;
    sandbox.faults.failNext('purchaseNumber', {
      status: 500,
      code: 20500,
      message: 'Internal Server Error',
    });

    const failed = await buy(number);
    const retried = await buy(number);

    expect(failed.body).toEqual(twilioError(500, 20500, 'Internal Server Error'));
    expect(retried.status).toBe(201);
    expect(sandbox.countOf('purchaseNumber')).toBe(2);
    expect(sandbox.countOf('purchaseNumber', 201)).toBe(1);
  });

  it("applies, then fails ('after'): the number is bought although the answer is an error", async () => {
    const number = sandbox.availableNumbers('415')[0]!;
    sandbox.faults.failNext('purchaseNumber', { status: 503, phase: 'after' });

    const reply = await buy(number);

    expect(reply.body).toEqual(twilioError(503, 20503, 'Service Unavailable'));
    expect(sandbox.ownedNumbers().map((n) => n.phoneNumber)).toContain(number);
  });

  it('fails as many times as asked, with Retry-After, then answers normally', async () => {
    sandbox.faults.failNext('listIncomingNumbers', {
      times: 2,
      status: 429,
      code: 20429,
      message: 'Too Many Requests',
      retryAfterSeconds: 7,
    });

    const replies = [
      await call('GET', numbersPath()),
      await call('GET', numbersPath()),
      await call('GET', numbersPath()),
    ];

    expect(replies.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(replies[0]!.headers.get('retry-after')).toBe('7');
    expect(replies[0]!.body).toEqual(twilioError(429, 20429, 'Too Many Requests'));
  });

  it('lets the first requests through when told to (a listing fails on its second page)', async () => {
    sandbox.faults.failNext('listIncomingNumbers', { status: 500, after: 1, times: 2 });

    const replies = [];
    for (let i = 0; i < 4; i++) replies.push((await call('GET', numbersPath())).status);

    expect(replies).toEqual([200, 500, 500, 200]);
  });

  it('leaves other operations alone', async () => {
    sandbox.faults.failNext('releaseIncomingNumber');

    expect((await call('GET', numbersPath())).status).toBe(200);
    expect((await call('DELETE', numberPath(sandbox.ownedNumbers()[0]!.sid))).status).toBe(500);
  });

  it('drops the connection before applying: no answer, nothing bought', async () => {
    const number = sandbox.availableNumbers('415')[0]!;
    sandbox.faults.dropNext('purchaseNumber');

    await expect(buy(number)).rejects.toThrow();

    expect(sandbox.ownedNumbers().map((n) => n.phoneNumber)).not.toContain(number);
    expect(sandbox.requests.at(-1)).toMatchObject({
      operation: 'purchaseNumber',
      status: null,
      fault: 'drop',
    });
  });

  it('drops the connection after applying: no answer, but the number is bought', async () => {
    const number = sandbox.availableNumbers('415')[0]!;
    sandbox.faults.dropNext('purchaseNumber', { phase: 'after' });

    await expect(buy(number)).rejects.toThrow();

    expect(sandbox.ownedNumbers().map((n) => n.phoneNumber)).toContain(number);
  });

  it('delays an answer before applying it', async () => {
    sandbox.faults.delayNext('fetchAccount', { ms: 150 });
    const started = Date.now();

    const reply = await call('GET', `${accountPath()}.json`);

    expect(reply.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('applies a purchase and answers late: a client that gave up still bought the number', async () => {
    const number = sandbox.availableNumbers('415')[0]!;
    sandbox.faults.delayNext('purchaseNumber', { ms: 500, phase: 'after' });

    await expect(
      call('POST', numbersPath(), {
        form: { PhoneNumber: number },
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toThrow();

    expect(sandbox.ownedNumbers().map((n) => n.phoneNumber)).toContain(number);
  });

  it('adds latency to every answer, or to one operation', async () => {
    sandbox.faults.setLatency(120, 'fetchAccount');
    const timed = async (path: string) => {
      const started = Date.now();
      await call('GET', path);
      return Date.now() - started;
    };

    expect(await timed(`${accountPath()}.json`)).toBeGreaterThanOrEqual(110);

    sandbox.faults.setLatency(0, 'fetchAccount');
    sandbox.faults.setLatency(120);
    expect(await timed(numbersPath())).toBeGreaterThanOrEqual(110);
  });

  it('holds back only the operation given a latency', async () => {
    sandbox.faults.setLatency(60_000, 'fetchAccount');

    const held = call('GET', `${accountPath()}.json`).catch(() => 'stopped');
    const heldEntry = () => sandbox.requests.find((r) => r.operation === 'fetchAccount');
    while (!heldEntry()) await new Promise((resolve) => setTimeout(resolve, 5));
    const listed = await call('GET', numbersPath());

    expect(listed.status).toBe(200);
    expect(heldEntry()).toMatchObject({ status: null });
    await sandbox.stop();
    await expect(held).resolves.toBe('stopped');
  });

  it('starts with the latency of its options', async () => {
    const slow = await TwilioSandbox.start({ latencyMs: 100 });
    try {
      const started = Date.now();
      await fetch(`${slow.url}${numbersPath(slow.accountSid)}`, {
        headers: {
          Authorization: basic({ accountSid: slow.accountSid, authToken: slow.authToken }),
        },
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    } finally {
      await slow.stop();
    }
  });

  it('forgets every fault and log on reset(), and keeps the numbers', async () => {
    const before = sandbox.ownedNumbers();
    sandbox.faults.failNext('listIncomingNumbers', { times: 5 });
    await call('GET', numbersPath());
    await call('GET', numbersPath('AC' + '0'.repeat(31) + 'x'));

    sandbox.reset();

    expect(sandbox.requests).toEqual([]);
    expect(sandbox.invalidRequests).toEqual([]);
    expect((await call('GET', numbersPath())).status).toBe(200);
    expect(sandbox.ownedNumbers()).toEqual(before);
  });

  it('refuses fault options that make no sense', () => {
    expect(() => sandbox.faults.failNext('purchaseNumber', { status: 200 })).toThrow();
    expect(() => sandbox.faults.dropNext('purchaseNumber', { times: 0 })).toThrow();
    expect(() => sandbox.faults.delayNext('purchaseNumber', { ms: -1 })).toThrow();
    expect(() => sandbox.faults.failNext('buyNumber' as 'purchaseNumber', { status: 500 })).toThrow(
      /Unknown operation/,
    );
  });
});

describe('control endpoints over HTTP', () => {
  it('describes the sandbox, injects faults, and shows the request log', async () => {
    const info = await control('GET', '');
    await control('POST', '/faults/fail', {
      operation: 'listIncomingNumbers',
      status: 500,
      code: 20500,
      message: 'Internal Server Error',
    });
    const failed = await call('GET', numbersPath());
    const count = await control('GET', '/count?operation=listIncomingNumbers&status=500');
    const log = await control('GET', '/requests');

    expect(info.body).toMatchObject({
      url: sandbox.url,
      accountSid: sandbox.accountSid,
      authToken: sandbox.authToken,
    });
    expect(failed.status).toBe(500);
    expect(count.body).toEqual({ count: 1 });
    expect(log.body.requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        operation: 'listIncomingNumbers',
        status: 500,
        fault: 'fail',
      }),
    ]);
  });

  it('drops, delays, sets latency and resets over HTTP', async () => {
    expect((await control('POST', '/faults/drop', { operation: 'fetchAccount' })).status).toBe(204);
    await expect(call('GET', `${accountPath()}.json`)).rejects.toThrow();

    await control('POST', '/faults/delay', { operation: 'fetchAccount', ms: 100 });
    const started = Date.now();
    await call('GET', `${accountPath()}.json`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);

    // A latency that outlasts the test: only a reset lets the next call through.
    await control('POST', '/faults/latency', { ms: 60_000 });
    await control('POST', '/faults/reset');
    expect((await call('GET', `${accountPath()}.json`)).status).toBe(200);

    await control('POST', '/reset');
    expect(sandbox.requests).toEqual([]);
  });

  it('manages accounts and numbers over HTTP', async () => {
    const created = await control('POST', '/accounts', { friendlyName: 'Customer' });
    const { accountSid } = created.body as Credentials;
    const owned = await control('POST', `/accounts/${accountSid}/numbers`, {
      phoneNumber: '+13035550123',
      friendlyName: 'Imported',
      voiceUrl: 'https://example.com/voice',
    });
    await control('POST', `/accounts/${accountSid}/numbers/seed`, { count: 3, areaCodes: ['303'] });
    const numbers = await control('GET', `/accounts/${accountSid}/numbers`);
    await control('POST', `/accounts/${accountSid}/auth-token`, { authToken: 'new-token' });
    const available = await control('GET', '/available-numbers/303');

    expect(created.status).toBe(201);
    expect(owned.body).toMatchObject({
      phoneNumber: '+13035550123',
      voiceUrl: 'https://example.com/voice',
    });
    expect(numbers.body.numbers).toHaveLength(4);
    expect(sandbox.ownedNumbers(accountSid)).toHaveLength(4);
    expect(available.body.numbers).toEqual(sandbox.availableNumbers('303'));
    expect(
      (await call('GET', numbersPath(accountSid), { as: { accountSid, authToken: 'new-token' } }))
        .status,
    ).toBe(200);
  });

  it('answers a mistake with 400 and an unknown control with 404', async () => {
    expect((await control('POST', '/faults/fail', { operation: 'nope' })).status).toBe(400);
    expect((await control('POST', '/faults/delay', { operation: 'fetchAccount' })).status).toBe(
      400,
    );
    expect((await control('GET', '/nothing-here')).status).toBe(404);
  });
});

describe('several accounts', () => {
  it('keeps each account to its own numbers, sids and credentials', async () => {
    const a = sandbox.createAccount('Customer A');
    const b = sandbox.createAccount('Customer B');
    const number = sandbox.availableNumbers('415')[0]!;

    const bought = await buy(number, {}, a);
    const listedByB = await call('GET', numbersPath(b.accountSid), { as: b });
    const fetchedByB = await call('GET', numberPath(bought.body.sid as string, b.accountSid), {
      as: b,
    });
    const crossCredentials = await call('GET', numbersPath(a.accountSid), { as: b });

    expect(bought.body.account_sid).toBe(a.accountSid);
    expect(listedByB.body.incoming_phone_numbers).toEqual([]);
    expect(fetchedByB.status).toBe(404);
    expect(crossCredentials.status).toBe(404);
    expect(sandbox.ownedNumbers(a.accountSid).map((n) => n.phoneNumber)).toEqual([number]);
    expect(new Set([sandbox.accountSid, a.accountSid, b.accountSid]).size).toBe(3);
    expect(a.authToken).not.toBe(b.authToken);
  });
});

describe('determinism, seeding and scale', () => {
  it('gives the same sids, tokens and numbers on every start', async () => {
    const twin = await TwilioSandbox.start();
    try {
      expect([twin.accountSid, twin.authToken]).toEqual([sandbox.accountSid, sandbox.authToken]);
      expect(twin.ownedNumbers()).toEqual(sandbox.ownedNumbers());
      expect(twin.availableNumbers('415')).toEqual(sandbox.availableNumbers('415'));
      expect(twin.createAccount()).toEqual(sandbox.createAccount());
      expect(sandbox.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
    } finally {
      await twin.stop();
    }
  });

  it('seeds a believable demo account: a dozen numbers, some with voice or SMS webhooks', () => {
    const numbers = sandbox.ownedNumbers();

    expect(numbers).toHaveLength(12);
    expect(new Set(numbers.map((n) => n.phoneNumber.slice(2, 5)))).toEqual(
      new Set(['415', '212', '312', '512']),
    );
    expect(numbers.filter((n) => n.voiceUrl).length).toBeGreaterThanOrEqual(4);
    expect(numbers.filter((n) => n.smsUrl).length).toBeGreaterThanOrEqual(3);
    expect(numbers.filter((n) => !n.voiceUrl).length).toBeGreaterThanOrEqual(3);
  });

  it("starts empty with seed: 'empty'", async () => {
    const empty = await TwilioSandbox.start({ seed: 'empty' });
    try {
      expect(empty.ownedNumbers()).toEqual([]);
    } finally {
      await empty.stop();
    }
  });

  it('adds a number bought outside Loquent with ownNumber(), refusing one already owned', () => {
    const owned = sandbox.ownNumber({
      phoneNumber: '+19175550001',
      friendlyName: 'Imported',
      voiceUrl: 'https://old.example/voice',
      smsUrl: 'https://old.example/sms',
    });

    expect(owned).toMatchObject({
      friendlyName: 'Imported',
      voiceUrl: 'https://old.example/voice',
      voiceMethod: 'POST',
    });
    expect(() => sandbox.ownNumber({ phoneNumber: '+19175550001' })).toThrow(/already/);
    expect(() =>
      sandbox.ownNumber({ phoneNumber: '+19175550002', voiceUrl: 'not a url' }),
    ).toThrow();
  });

  // How fast is the bench's business (npm run bench): this checks what a listing returns.
  it('seeds 100,000 numbers and lists them all, page by page', async () => {
    sandbox.seedOwnedNumbers(100_000);

    let next: string | null = `${numbersPath()}?PageSize=1000`;
    let listed = 0;
    let pages = 0;
    let lastSid = '';
    while (next) {
      const reply = await call('GET', next);
      const numbers = reply.body.incoming_phone_numbers as { sid: string }[];
      listed += numbers.length;
      lastSid = numbers.at(-1)!.sid;
      pages++;
      next = reply.body.next_page_uri as string | null;
    }

    expect(listed).toBe(100_012);
    expect(pages).toBe(101);
    expect(lastSid).toBe(sandbox.ownedNumbers().at(-1)!.sid);
    expect(new Set(sandbox.ownedNumbers().map((n) => n.phoneNumber)).size).toBe(100_012);
  });
});

describe('a state file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'twilio-sandbox-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps accounts and numbers across restarts', async () => {
    const statePath = join(dir, 'state', 'twilio-sandbox.json');
    const first = await TwilioSandbox.start({ statePath });
    const number = first.availableNumbers('415')[0]!;
    const customer = first.createAccount('Customer');
    first.ownNumber(
      { phoneNumber: number, voiceUrl: 'https://example.com/v' },
      customer.accountSid,
    );
    first.setAuthToken(first.accountSid, 'kept-token');
    const before = [first.ownedNumbers(), first.ownedNumbers(customer.accountSid)];
    await first.stop();

    const second = await TwilioSandbox.start({ statePath });
    try {
      expect([second.ownedNumbers(), second.ownedNumbers(customer.accountSid)]).toEqual(before);
      expect(second.authToken).toBe('kept-token');
      expect(second.availableNumbers('415')).not.toContain(number);
      expect(second.createAccount().accountSid).not.toBe(customer.accountSid);
    } finally {
      await second.stop();
    }
  });
});
