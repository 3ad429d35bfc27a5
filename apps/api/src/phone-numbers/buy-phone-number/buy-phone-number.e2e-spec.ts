import {
  bearer,
  LOQUENT_VOICE_URL,
  TestApi,
  TestOrganization,
} from '../../../../../test/support/api/test-api';

let api: TestApi;
let org: TestOrganization;

beforeAll(async () => {
  api = await TestApi.start({ twilioTimeoutMs: 1_000 });
  org = await api.createOrganization();
});

afterAll(() => api.close());
afterEach(() => api.sandbox.faults.reset());

const buy = (body: unknown, token = org.token) =>
  api.http
    .post('/api/twilio/buy-phone-number')
    .set(bearer(token))
    .send(body as object);

const tried = new Set<string>();
/** A number for sale that no earlier test tried (a purchase left pending keeps its number). */
function nextAvailable(areaCode = '415'): string {
  const number = api.sandbox.availableNumbers(areaCode).find((n) => !tried.has(n));
  if (!number) throw new Error(`The sandbox has nothing left in ${areaCode}`);
  tried.add(number);
  return number;
}

async function registered(number: string) {
  return (await api.phoneNumberRows()).filter((row) => row.number === number);
}

describe('POST /api/twilio/buy-phone-number', () => {
  it('buys the number in Twilio and registers it: default analyzers, voice URL at Loquent, previous one kept', async () => {
    const number = nextAvailable();

    const response = await buy({ phone_number: number, friendly_name: 'Front desk' }).expect(201);

    const inTwilio = api.sandbox.ownedNumbers().find((n) => n.phoneNumber === number)!;
    expect(response.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      number,
      twilio_sid: inTwilio.sid,
      friendly_name: 'Front desk',
      agent_id: null,
      analyzer_ids: org.defaultAnalyzerIds,
      fallback: null,
      business_hours: null,
      voice_url_status: 'configured',
      previous_voice_url: null,
      previous_voice_fallback_url: null,
      source: 'purchased',
      created_at: expect.any(String),
    });
    expect(inTwilio.voiceUrl).toBe(LOQUENT_VOICE_URL);
    expect(inTwilio.voiceMethod).toBe('POST');
    expect(inTwilio.friendlyName).toBe('Front desk');
    expect(await registered(number)).toEqual([
      expect.objectContaining({ organization_id: org.id, twilio_sid: inTwilio.sid }),
    ]);
    expect(api.sandbox.invalidRequests).toEqual([]);
  });

  it("buys Twilio's magic test number +15005550006", async () => {
    const response = await buy({ phone_number: '+15005550006' }).expect(201);

    expect(response.body.number).toBe('+15005550006');
  });

  it('refuses a number that is not available with 409, saving nothing', async () => {
    const response = await buy({ phone_number: '+15005550000' }).expect(409);

    expect(response.body).toMatchObject({
      code: 'number_not_available',
      twilio_code: 21422,
      phone_number: '+15005550000',
    });
    expect(await registered('+15005550000')).toEqual([]);
  });

  it('refuses a number Twilio calls invalid with 400', async () => {
    const response = await buy({ phone_number: '+15005550001' }).expect(400);

    expect(response.body).toMatchObject({ code: 'invalid_phone_number' });
  });

  it('refuses a number Loquent already has without buying it again (409)', async () => {
    const number = nextAvailable();
    await buy({ phone_number: number }).expect(201);
    const purchases = api.sandbox.countOf('purchaseNumber');

    const response = await buy({ phone_number: number }).expect(409);

    expect(response.body).toMatchObject({
      code: 'number_already_registered',
      phone_number: number,
    });
    expect(api.sandbox.countOf('purchaseNumber')).toBe(purchases);
  });

  it.each([
    [{ phone_number: '4155550100' }, 'no plus'],
    [{ phone_number: 14155550100 }, 'a number'],
    [{ phone_number: '+1 415 555 0100' }, 'spaces'],
    [{ phone_number: '+1415555010' }, 'too short for +1'],
    [
      { phone_number: '+14155550100', friendly_name: 'x'.repeat(65) },
      'a friendly name over 64 characters',
    ],
    [{ phone_number: '+14155550100', friendly_name: 5 }, 'a friendly name that is not a string'],
    [{ phone_number: '+14155550100', agent: 'x' }, 'an unknown field'],
    [{}, 'no phone number'],
  ])('refuses %j (%s) with 400 and buys nothing', async (body, _description) => {
    const purchases = api.sandbox.countOf('purchaseNumber');

    const response = await buy(body).expect(400);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.status).toBe(400);
    expect(api.sandbox.countOf('purchaseNumber')).toBe(purchases);
  });

  describe('when Twilio fails at a step', () => {
    it('saves nothing when the purchase fails (502)', async () => {
      const number = nextAvailable();
      api.sandbox.faults.failNext('purchaseNumber', {
        status: 500,
        code: 20500,
        message: 'Internal Server Error',
      });

      const response = await buy({ phone_number: number }).expect(502);

      expect(response.body).toMatchObject({
        code: 'telephony_provider_unavailable',
        twilio_code: 20500,
      });
      expect(await registered(number)).toEqual([]);
      expect(api.sandbox.ownedNumbers().some((n) => n.phoneNumber === number)).toBe(false);
    });

    it('saves nothing when Twilio refuses the credentials (502)', async () => {
      const number = nextAvailable();
      api.sandbox.faults.failNext('purchaseNumber', {
        status: 401,
        code: 20003,
        message: 'Authenticate',
      });

      const response = await buy({ phone_number: number }).expect(502);

      expect(response.body).toMatchObject({
        code: 'telephony_provider_authentication_failed',
        twilio_code: 20003,
      });
      expect(await registered(number)).toEqual([]);
    });

    it('answers 202 "being confirmed" when Twilio does not answer, saving nothing yet', async () => {
      const number = nextAvailable();
      api.sandbox.faults.dropNext('purchaseNumber');

      const response = await buy({ phone_number: number }).expect(202);

      expect(response.body).toMatchObject({ status: 'pending_confirmation', phone_number: number });
      expect(await registered(number)).toEqual([]);
    });

    it('keeps the number registered with voice_url_status "failed" when the voice URL update fails', async () => {
      const number = nextAvailable();
      api.sandbox.faults.failNext('updateIncomingNumber', {
        status: 500,
        code: 20500,
        message: 'Internal Server Error',
        times: 3,
      });

      const response = await buy({ phone_number: number }).expect(201);

      expect(response.body).toMatchObject({
        number,
        voice_url_status: 'failed',
        previous_voice_url: null,
      });
      expect(await registered(number)).toEqual([
        expect.objectContaining({ voice_url_status: 'failed' }),
      ]);
      expect(api.sandbox.ownedNumbers().find((n) => n.phoneNumber === number)?.voiceUrl).not.toBe(
        LOQUENT_VOICE_URL,
      );
    });

    it('reports the bought number with its sid when it cannot be saved (500)', async () => {
      const number = nextAvailable();
      // A database that refuses the new row, as an outage right after the purchase would.
      await api.dataSource.query(
        `ALTER TABLE phone_number ADD CONSTRAINT refuse_new_rows CHECK (number <> '${number}') NOT VALID`,
      );
      try {
        const response = await buy({ phone_number: number }).expect(500);

        const sid = api.sandbox.ownedNumbers().find((n) => n.phoneNumber === number)?.sid;
        expect(sid).toMatch(/^PN/);
        expect(response.body).toMatchObject({
          code: 'purchased_number_not_saved',
          twilio_sid: sid,
          phone_number: number,
        });
      } finally {
        await api.dataSource.query('ALTER TABLE phone_number DROP CONSTRAINT refuse_new_rows');
      }
    });
  });
});

describe('POST /api/twilio/buy-phone-number: numbers that need an address or a bundle', () => {
  const intentsFor = async (number: string) =>
    api.dataSource.query('SELECT status FROM purchase_intent WHERE number = $1', [number]);
  const ukMobileNeedingAnAddress = () =>
    api.sandbox
      .numbersForSale({ country: 'GB', type: 'mobile' })
      .find((n) => n.addressRequirements === 'any' && !tried.has(n.phoneNumber))!.phoneNumber;
  const addressIn = (country: string) =>
    api.sandbox.addresses().find((a) => a.isoCountry === country)!.sid;
  const bundleFor = (country: string, type: string) =>
    api.sandbox.bundles().find((b) => b.isoCountry === country && b.numberType === type)!.sid;

  it('refuses one bought without its address with 422 and changes nothing; with address_sid it is 201', async () => {
    const number = ukMobileNeedingAnAddress();
    tried.add(number);
    const searched = await api.http
      .post('/api/twilio/search-available-numbers')
      .set(bearer(org.token))
      .send({ country: 'GB', type: 'mobile', limit: 50 })
      .expect(200);
    expect(
      searched.body.numbers.find((n: { phone_number: string }) => n.phone_number === number),
    ).toMatchObject({ address_requirements: 'any' });

    const refused = await buy({ phone_number: number }).expect(422);

    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({
      status: 422,
      code: 'address_required',
      type: expect.stringMatching(/address-required$/),
      phone_number: number,
      address_sid: null,
      twilio_code: 21631,
      twilio_status: 400,
      detail: expect.stringMatching(/needs an address/),
    });
    expect(await registered(number)).toEqual([]);
    expect(api.sandbox.ownedNumbers().find((n) => n.phoneNumber === number)).toBeUndefined();
    expect(await intentsFor(number)).toEqual([{ status: 'failed' }]);

    const bought = await buy({ phone_number: number, address_sid: addressIn('GB') }).expect(201);

    expect(bought.body).toMatchObject({ number, voice_url_status: 'configured' });
    expect(await registered(number)).toHaveLength(1);
    expect(await intentsFor(number)).toEqual(
      expect.arrayContaining([{ status: 'failed' }, { status: 'completed' }]),
    );
    expect(api.sandbox.invalidRequests).toEqual([]);
  });

  it('refuses one bought without its bundle with 422 bundle_required, then buys it with both', async () => {
    const number = api.sandbox.numbersForSale({ country: 'DE', type: 'local' })[0]!.phoneNumber;

    const refused = await buy({ phone_number: number, address_sid: addressIn('DE') }).expect(422);
    const bought = await buy({
      phone_number: number,
      address_sid: addressIn('DE'),
      bundle_sid: bundleFor('DE', 'local'),
    }).expect(201);

    expect(refused.body).toMatchObject({
      code: 'bundle_required',
      twilio_code: 21649,
      bundle_sid: null,
    });
    expect(bought.body.number).toBe(number);
  });

  it('refuses an address in the wrong country for a number needing a local one', async () => {
    const number = api.sandbox.numbersForSale({ country: 'GB', type: 'local' })[0]!.phoneNumber;

    const response = await buy({
      phone_number: number,
      address_sid: addressIn('US'),
      bundle_sid: bundleFor('GB', 'local'),
    }).expect(422);

    expect(response.body).toMatchObject({
      code: 'address_required',
      address_sid: addressIn('US'),
      twilio_message: expect.stringMatching(/Local Address requirement/),
    });
  });

  it.each([
    [{ address_sid: 'AD123' }, 'address_sid'],
    [{ address_sid: 'BU' + 'a'.repeat(32) }, 'address_sid'],
    [{ bundle_sid: 'AD' + 'a'.repeat(32) }, 'bundle_sid'],
    [{ bundle_sid: 42 }, 'bundle_sid'],
  ])('refuses %j with a 400 naming %s, before calling Twilio', async (extra, field) => {
    const before = api.sandbox.countOf('purchaseNumber');

    const response = await buy({ phone_number: ukMobileNeedingAnAddress(), ...extra }).expect(400);

    expect(response.body).toMatchObject({ code: 'validation_failed' });
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(api.sandbox.countOf('purchaseNumber')).toBe(before);
  });

  it('buys a number of any country in E.164', async () => {
    const number = api.sandbox.numbersForSale({ country: 'AU', type: 'toll_free' })[0]!.phoneNumber;

    const response = await buy({ phone_number: number }).expect(201);

    expect(response.body.number).toBe(number);
  });
});
