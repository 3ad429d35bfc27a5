import { ValidateFunction } from 'ajv';
import { SANDBOX_OPERATIONS, SandboxRequestLog, TwilioSandbox } from './index';
import {
  ajv,
  ERROR_SCHEMA,
  JsonSchema,
  locate,
  resolve,
  responseValidator,
  spec,
  specProblems,
} from './openapi';
import { OPERATION_PARAMETERS, ParamRule, ROUTES, SPEC_OPERATION_IDS } from './sandbox-routes';

/** The sandbox's rule for a parameter, as it should be derived from the spec's schema. */
function ruleFromSpec(schema: JsonSchema): ParamRule {
  const resolved = resolve(schema);
  if (resolved.type === 'integer') {
    return {
      type: 'integer',
      ...(resolved.minimum !== undefined ? { min: resolved.minimum } : {}),
      ...(resolved.maximum !== undefined ? { max: resolved.maximum } : {}),
    };
  }
  if (resolved.type === 'boolean') return { type: 'boolean' };
  if (resolved.enum) return { type: 'enum', values: resolved.enum as string[] };
  if (resolved.format === 'uri') return { type: 'url' };
  const sid = /^\^([A-Z]{2})\[0-9a-fA-F\]\{32\}\$$/.exec(resolved.pattern ?? '');
  if (sid) return { type: 'sid', prefix: sid[1]! };
  return { type: 'string' };
}

let sandbox: TwilioSandbox;

beforeEach(async () => {
  sandbox = await TwilioSandbox.start();
});

afterEach(() => sandbox.stop());

function expectValid(validate: ValidateFunction, body: unknown): void {
  validate(body);
  expect(validate.errors ?? []).toEqual([]);
}

async function call(
  method: string,
  path: string,
  form?: Record<string, string>,
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = {
    Authorization: `Basic ${Buffer.from(`${sandbox.accountSid}:${sandbox.authToken}`).toString('base64')}`,
  };
  if (form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers,
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const base = () => `/2010-04-01/Accounts/${sandbox.accountSid}`;

/** Each operation with each spec operation it answers. */
const SPEC_OPERATIONS = SANDBOX_OPERATIONS.flatMap((operation) =>
  SPEC_OPERATION_IDS[operation].map((specOperationId) => [operation, specOperationId] as const),
);

describe("the sandbox's operations in Twilio's description", () => {
  it.each(SPEC_OPERATIONS)(
    '%s accepts exactly the parameters the spec declares for %s, with the same types',
    (operation, specOperationId) => {
      const { operation: specOperation } = locate(specOperationId);
      const query = Object.fromEntries(
        (specOperation.parameters ?? [])
          .filter((p) => p.in === 'query')
          .map((p) => [p.name, ruleFromSpec(p.schema)]),
      );
      const formSchema =
        specOperation.requestBody?.content['application/x-www-form-urlencoded']?.schema;
      const form = formSchema
        ? Object.fromEntries(
            Object.entries(formSchema.properties ?? {}).map(([name, schema]) => [
              name,
              ruleFromSpec(schema),
            ]),
          )
        : null;

      expect(OPERATION_PARAMETERS[operation]).toEqual({ query, form });
    },
  );

  it.each(SPEC_OPERATIONS)('%s is routed where the spec puts %s', (operation, specOperationId) => {
    const { path, method } = locate(specOperationId);
    // The spec's template with a value in each parameter, as a request would have it.
    const requestPath = path.replace(/\{\w+\}/g, 'X');
    const routed = ROUTES.filter(
      (route) =>
        new RegExp(`^${route.path.replace(/\./g, '\\.').replace(/:\w+/g, '[^/]+')}$`).test(
          requestPath,
        ) && route.methods[method.toUpperCase() as 'GET' | 'POST' | 'DELETE'] === operation,
    );
    expect(routed).toHaveLength(1);
  });

  it('declares no error responses, so errors are checked against the shape Twilio documents', () => {
    for (const [, specOperationId] of SPEC_OPERATIONS) {
      const statuses = Object.keys(locate(specOperationId).operation.responses);
      expect(statuses.every((status) => status.startsWith('2'))).toBe(true);
    }
  });

  it('registers every format the schemas the sandbox answers with use', () => {
    const formats = new Set<string>();
    for (const [, specOperationId] of SPEC_OPERATIONS) {
      JSON.stringify(locate(specOperationId).operation, (key, value: unknown) => {
        if (key === 'format' && typeof value === 'string') formats.add(value);
        if (key === '$ref' && typeof value === 'string') {
          JSON.stringify(spec.components.schemas[value.split('/').pop()!], (k, v: unknown) => {
            if (k === 'format' && typeof v === 'string') formats.add(v);
            return v;
          });
        }
        return value;
      });
    }
    expect([...formats].filter((format) => !ajv.formats[format])).toEqual([]);
  });
});

describe('success bodies match the response schemas of the spec', () => {
  it('fetchAccount (200)', async () => {
    const reply = await call('GET', `${base()}.json`);

    expect(reply.status).toBe(200);
    expectValid(responseValidator('fetchAccount', 200), reply.body);
  });

  it('searchAvailableNumbers (200), with and without a known location', async () => {
    for (const areaCode of ['415', '479']) {
      const reply = await call(
        'GET',
        `${base()}/AvailablePhoneNumbers/US/Local.json?AreaCode=${areaCode}&PageSize=20`,
      );

      expect(reply.status).toBe(200);
      expectValid(responseValidator('searchAvailableNumbers', 200), reply.body);
    }
  });

  it('listAvailableCountries (200) and fetchAvailableCountry (200), for every country', async () => {
    const list = await call('GET', `${base()}/AvailablePhoneNumbers.json`);

    expect(list.status).toBe(200);
    expectValid(responseValidator('listAvailableCountries', 200), list.body);
    const countries = (list.body as { countries: { country_code: string }[] }).countries;
    expect(countries.map((c) => c.country_code)).toEqual(['US', 'CA', 'GB', 'DE', 'AU']);
    for (const { country_code } of countries) {
      const one = await call('GET', `${base()}/AvailablePhoneNumbers/${country_code}.json`);
      expect(one.status).toBe(200);
      expectValid(responseValidator('fetchAvailableCountry', 200), one.body);
    }
  });

  it.each([
    ['US', 'TollFree', 'ListAvailablePhoneNumberTollFree', 'Contains=CALL&SmsEnabled=true'],
    ['CA', 'Local', 'ListAvailablePhoneNumberLocal', `NearNumber=%2B14165550100&Distance=50`],
    ['CA', 'TollFree', 'ListAvailablePhoneNumberTollFree', ''],
    ['GB', 'Local', 'ListAvailablePhoneNumberLocal', 'InLocality=London'],
    ['GB', 'Mobile', 'ListAvailablePhoneNumberMobile', 'ExcludeAllAddressRequired=true&Beta=false'],
    ['GB', 'TollFree', 'ListAvailablePhoneNumberTollFree', ''],
    ['DE', 'Mobile', 'ListAvailablePhoneNumberMobile', 'SmsEnabled=true'],
    ['DE', 'TollFree', 'ListAvailablePhoneNumberTollFree', 'ExcludeForeignAddressRequired=true'],
    ['AU', 'Local', 'ListAvailablePhoneNumberLocal', 'Contains=5550'],
    ['AU', 'Mobile', 'ListAvailablePhoneNumberMobile', 'MmsEnabled=true&PageSize=5'],
  ])(
    'searchAvailableNumbers (200) for %s %s, as %s, with %j',
    async (country, segment, specOperationId, query) => {
      const reply = await call(
        'GET',
        `${base()}/AvailablePhoneNumbers/${country}/${segment}.json${query ? `?${query}` : ''}`,
      );

      expect(reply.status).toBe(200);
      const offered = (reply.body as { available_phone_numbers: unknown[] })
        .available_phone_numbers;
      expect(offered.length).toBeGreaterThan(0);
      expectValid(responseValidator('searchAvailableNumbers', 200, specOperationId), reply.body);
      expect(sandbox.invalidRequests).toEqual([]);
    },
  );

  it('purchaseNumber (201), with settings sent along', async () => {
    const reply = await call('POST', `${base()}/IncomingPhoneNumbers.json`, {
      PhoneNumber: sandbox.availableNumbers('415')[0]!,
      FriendlyName: 'Front desk',
      VoiceUrl: 'https://example.com/voice',
      VoiceMethod: 'GET',
      StatusCallback: 'https://example.com/status',
      VoiceApplicationSid: 'AP' + 'a'.repeat(32),
    });

    expect(reply.status).toBe(201);
    expectValid(responseValidator('purchaseNumber', 201), reply.body);
  });

  it('purchaseNumber (201) of a number needing a local address and a bundle, given both', async () => {
    const offer = sandbox.numbersForSale({ country: 'AU', type: 'local' })[0]!;

    const reply = await call('POST', `${base()}/IncomingPhoneNumbers.json`, {
      PhoneNumber: offer.phoneNumber,
      AddressSid: sandbox.addresses().find((a) => a.isoCountry === 'AU')!.sid,
      BundleSid: sandbox.bundles().find((b) => b.isoCountry === 'AU' && b.numberType === 'local')!
        .sid,
    });

    expect(reply.status).toBe(201);
    expectValid(responseValidator('purchaseNumber', 201), reply.body);
    expect(reply.body).toMatchObject({
      address_requirements: 'local',
      address_sid: expect.stringMatching(/^AD/),
      bundle_sid: expect.stringMatching(/^BU/),
    });
  });

  it('listIncomingNumbers (200), on a middle page with both neighbours', async () => {
    sandbox.seedOwnedNumbers(100);
    const first = await call('GET', `${base()}/IncomingPhoneNumbers.json?PageSize=50`);
    const next = (first.body as { next_page_uri: string }).next_page_uri;

    const middle = await call('GET', next);

    expect(middle.body).toMatchObject({
      previous_page_uri: expect.any(String),
      next_page_uri: expect.any(String),
    });
    expectValid(responseValidator('listIncomingNumbers', 200), first.body);
    expectValid(responseValidator('listIncomingNumbers', 200), middle.body);
  });

  it('fetchIncomingNumber (200), for every demo number', async () => {
    for (const number of sandbox.ownedNumbers()) {
      const reply = await call('GET', `${base()}/IncomingPhoneNumbers/${number.sid}.json`);

      expect(reply.status).toBe(200);
      expectValid(responseValidator('fetchIncomingNumber', 200), reply.body);
    }
  });

  it('updateIncomingNumber (200), with every kind of setting changed', async () => {
    const sid = sandbox.ownedNumbers()[0]!.sid;

    const reply = await call('POST', `${base()}/IncomingPhoneNumbers/${sid}.json`, {
      VoiceUrl: 'https://api.loquent.test/twilio/voice',
      VoiceMethod: 'POST',
      VoiceFallbackUrl: 'https://example.com/fallback',
      VoiceCallerIdLookup: 'true',
      TrunkSid: 'TK' + 'b'.repeat(32),
      SmsFallbackMethod: 'GET',
      EmergencyStatus: 'Active',
      BundleSid: 'BU' + 'c'.repeat(32),
      VoiceReceiveMode: 'voice',
    });

    expect(reply.status).toBe(200);
    expectValid(responseValidator('updateIncomingNumber', 200), reply.body);
    expect(reply.body).toMatchObject({
      trunk_sid: 'TK' + 'b'.repeat(32),
      voice_caller_id_lookup: true,
    });
  });

  it('releaseIncomingNumber (204, no body, as the spec declares no content)', async () => {
    const sid = sandbox.ownedNumbers()[0]!.sid;
    const declared = locate(SPEC_OPERATION_IDS.releaseIncomingNumber[0]!).operation.responses[
      '204'
    ];

    const reply = await call('DELETE', `${base()}/IncomingPhoneNumbers/${sid}.json`);

    expect(reply).toEqual({ status: 204, body: undefined });
    expect(declared?.content).toBeUndefined();
  });

  it('renders every property of the spec on its resources, and says which it adds', async () => {
    const properties = (name: string) => Object.keys(spec.components.schemas[name]!.properties!);
    const number = (
      await call('GET', `${base()}/IncomingPhoneNumbers/${sandbox.ownedNumbers()[0]!.sid}.json`)
    ).body as Record<string, unknown>;
    const account = (await call('GET', `${base()}.json`)).body as Record<string, unknown>;
    const search = (await call('GET', `${base()}/AvailablePhoneNumbers/US/Local.json?AreaCode=415`))
      .body as { available_phone_numbers: Record<string, unknown>[] };

    expect(Object.keys(number).sort()).toEqual(
      // subresource_uris is in Twilio's own example, not in its schema.
      [...properties('api.v2010.account.incoming_phone_number'), 'subresource_uris'].sort(),
    );
    expect(Object.keys(account).sort()).toEqual(
      properties('api.v2010.account')
        .filter((p) => p !== 'auth_token')
        .sort(),
    );
    expect(Object.keys(search.available_phone_numbers[0]!).sort()).toEqual(
      properties(
        'api.v2010.account.available_phone_number_country.available_phone_number_local',
      ).sort(),
    );
    for (const [path, schema] of [
      ['GB/Mobile', 'available_phone_number_mobile'],
      ['US/TollFree', 'available_phone_number_toll_free'],
    ]) {
      const other = (await call('GET', `${base()}/AvailablePhoneNumbers/${path}.json`)).body as {
        available_phone_numbers: Record<string, unknown>[];
      };
      expect(Object.keys(other.available_phone_numbers[0]!).sort()).toEqual(
        properties(`api.v2010.account.available_phone_number_country.${schema}`).sort(),
      );
    }
    const country = (await call('GET', `${base()}/AvailablePhoneNumbers/GB.json`)).body as Record<
      string,
      unknown
    >;
    expect(Object.keys(country).sort()).toEqual(
      properties('api.v2010.account.available_phone_number_country').sort(),
    );
  });
});

describe("error bodies have Twilio's error shape", () => {
  let validateError: ValidateFunction;
  beforeAll(() => {
    validateError = ajv.compile(ERROR_SCHEMA);
  });

  const cases: [string, () => Promise<{ status: number; body: unknown }>, number, number][] = [
    [
      'no credentials',
      async () => {
        const response = await fetch(`${sandbox.url}${base()}.json`);
        return { status: response.status, body: await response.json() };
      },
      401,
      20003,
    ],
    [
      'an unknown sid',
      () => call('GET', `${base()}/IncomingPhoneNumbers/PN${'0'.repeat(32)}.json`),
      404,
      20404,
    ],
    [
      'another account',
      () => call('GET', `/2010-04-01/Accounts/AC${'1'.repeat(32)}/IncomingPhoneNumbers.json`),
      404,
      20404,
    ],
    [
      'an invalid phone number',
      () => call('POST', `${base()}/IncomingPhoneNumbers.json`, { PhoneNumber: '+15005550001' }),
      400,
      21421,
    ],
    [
      'a number not for sale',
      () => call('POST', `${base()}/IncomingPhoneNumbers.json`, { PhoneNumber: '+15005550000' }),
      400,
      21422,
    ],
    [
      'area code 533',
      () => call('GET', `${base()}/AvailablePhoneNumbers/US/Local.json?AreaCode=533`),
      400,
      21452,
    ],
    [
      'a country with no numbers for sale',
      () => call('GET', `${base()}/AvailablePhoneNumbers/FR/Local.json`),
      404,
      20404,
    ],
    [
      'a type the country does not have',
      () => call('GET', `${base()}/AvailablePhoneNumbers/US/Mobile.json`),
      404,
      20404,
    ],
    [
      'a number needing an address, bought without one',
      () =>
        call('POST', `${base()}/IncomingPhoneNumbers.json`, {
          PhoneNumber: sandbox
            .numbersForSale({ country: 'GB', type: 'mobile' })
            .find((n) => n.addressRequirements === 'any')!.phoneNumber,
        }),
      400,
      21631,
    ],
    [
      'a number needing a bundle, bought without one',
      () =>
        call('POST', `${base()}/IncomingPhoneNumbers.json`, {
          PhoneNumber: sandbox.numbersForSale({ country: 'DE', type: 'mobile' })[0]!.phoneNumber,
          AddressSid: sandbox.addresses().find((a) => a.isoCountry === 'DE')!.sid,
        }),
      400,
      21649,
    ],
    [
      'PageSize 5000',
      () => call('GET', `${base()}/IncomingPhoneNumbers.json?PageSize=5000`),
      400,
      20001,
    ],
    [
      'a relative VoiceUrl',
      () =>
        call('POST', `${base()}/IncomingPhoneNumbers/${sandbox.ownedNumbers()[0]!.sid}.json`, {
          VoiceUrl: '/voice',
        }),
      400,
      21502,
    ],
  ];

  it.each(cases)('%s', async (_name, request, status, code) => {
    const reply = await request();

    expect(reply.status).toBe(status);
    expectValid(validateError, reply.body);
    expect(reply.body).toMatchObject({ code, status });
  });

  it('an injected fault', async () => {
    sandbox.faults.failNext('fetchAccount', {
      status: 429,
      code: 20429,
      message: 'Too Many Requests',
    });

    const reply = await call('GET', `${base()}.json`);

    expectValid(validateError, reply.body);
  });
});

describe('checking a request against the spec', () => {
  it('finds the problems of a request that is not (the check is not vacuous)', () => {
    const bad: SandboxRequestLog = {
      method: 'GET',
      path: `${base()}/IncomingPhoneNumbers.json`,
      query: 'PageSize=5000&Colour=red',
      form: null,
      operation: 'listIncomingNumbers',
      status: 400,
      account: sandbox.accountSid,
      fault: null,
    };
    const badForm: SandboxRequestLog = {
      ...bad,
      method: 'POST',
      path: `${base()}/IncomingPhoneNumbers/PN${'a'.repeat(32)}.json`,
      query: '',
      form: { VoiceMethod: 'PUT', Colour: 'red' },
    };

    expect(specProblems(bad)).toEqual([
      expect.stringMatching(/^query PageSize/),
      'query parameter Colour undeclared',
    ]);
    expect(specProblems(badForm)).toEqual([
      'form parameter Colour undeclared',
      expect.stringMatching(/^form: .*VoiceMethod/),
    ]);
    expect(specProblems({ ...badForm, form: { VoiceUrl: '/relative' } })).toEqual([
      expect.stringMatching(/^form: .*VoiceUrl must match format "uri"/),
    ]);
    expect(specProblems({ ...badForm, form: { VoiceUrl: '', VoiceMethod: 'POST' } })).toEqual([]);
    expect(specProblems({ ...bad, path: `${base()}/Nothing.json`, query: '' })).toHaveLength(1);
  });
});
