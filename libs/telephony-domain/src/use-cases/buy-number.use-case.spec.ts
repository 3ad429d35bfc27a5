import { InvalidAddressSid, InvalidBundleSid } from '../available-numbers/available-numbers.errors';
import { E164Number } from '../phone-number/e164-number.value-object';
import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import {
  InvalidFriendlyName,
  InvalidPhoneNumber,
  NumberAlreadyRegistered,
  PurchasedNumberNotSaved,
  PurchaseInProgress,
} from '../phone-number/phone-number.errors';
import {
  AddressRequired,
  BundleRequired,
  NumberNotAvailable,
  TelephonyProviderRateLimited,
  TelephonyProviderUnavailable,
} from '../ports/telephony-provider.errors';
import { InMemoryAgentDirectory } from '../testing/in-memory-agent-directory';
import { InMemoryPhoneNumberRepository } from '../testing/in-memory-phone-number.repository';
import { InMemoryPurchaseIntents } from '../testing/in-memory-purchase-intents';
import { InMemoryTelephonyProvider } from '../testing/in-memory-telephony-provider';
import { InMemoryUnitOfWork } from '../testing/in-memory-unit-of-work';
import { aPhoneNumber } from '../testing/phone-number.builder';
import {
  FixedClock,
  InMemoryPurchasePreconditions,
  SequentialIdGenerator,
  sequentialUuid,
  StaticVoiceWebhookUrls,
} from '../testing/simple-adapters';
import { BuyNumber } from './buy-number.use-case';
import { UpdatePhoneNumber } from './update-phone-number.use-case';

const ORG = '11111111-1111-4111-8111-111111111111';
const LOQUENT_URL = 'https://loquent.test/twilio/voice';
const unavailable = () =>
  new TelephonyProviderUnavailable({ operation: 'test', providerStatus: 503, providerCode: null });

function setUp() {
  const repository = new InMemoryPhoneNumberRepository();
  const provider = new InMemoryTelephonyProvider().offer([
    { phoneNumber: '+14155550100', locality: 'San Francisco', region: 'CA' },
    '+14155550101',
  ]);
  const preconditions = new InMemoryPurchasePreconditions(repository).setDefaultAnalyzers(ORG, [
    'analyzer-sentiment',
    'analyzer-summary',
  ]);
  const clock = new FixedClock(new Date('2026-05-01T10:00:00.000Z'));
  const intents = new InMemoryPurchaseIntents();
  const unitOfWork = new InMemoryUnitOfWork(repository);
  const use = new BuyNumber(
    unitOfWork,
    provider,
    preconditions,
    new StaticVoiceWebhookUrls(LOQUENT_URL),
    clock,
    new SequentialIdGenerator(),
    intents,
  );
  // Most tests are about a purchase that completes: unwrap the registered number.
  const buyNumber = {
    execute: async (command: Parameters<BuyNumber['execute']>[0]): Promise<PhoneNumber> => {
      const result = await use.execute(command);
      if (result.outcome !== 'registered')
        throw new Error(`Expected a registered number, got ${result.outcome}`);
      return result.phoneNumber;
    },
  };
  const update = new UpdatePhoneNumber(unitOfWork, new InMemoryAgentDirectory(), clock);
  return { repository, provider, clock, buyNumber, use, intents, unitOfWork, update };
}

describe('BuyNumber', () => {
  it('buys the number and registers it with default analyzers and its voice URL pointed at Loquent', async () => {
    const { buyNumber, repository, provider, clock } = setUp();

    const bought = await buyNumber.execute({
      organizationId: ORG,
      phoneNumber: '+14155550100',
      friendlyName: 'Sales',
    });

    const sid = provider.ownedNumbers()[0]!.sid.value;
    expect(bought.toPrimitives()).toEqual({
      id: sequentialUuid(1),
      organizationId: ORG,
      number: '+14155550100',
      twilioSid: sid,
      friendlyName: 'Sales',
      agentId: null,
      analyzerIds: ['analyzer-sentiment', 'analyzer-summary'],
      fallback: null,
      businessHours: null,
      voiceUrlStatus: 'configured',
      previousVoiceUrl: null,
      voiceFallbackUrlTakenOver: false,
      previousVoiceFallbackUrl: null,
      voiceUrlConfiguredAt: clock.now(),
      source: 'purchased',
      createdAt: clock.now(),
      updatedAt: clock.now(),
      // Inserted, then its voice URL saved.
      version: 2,
    });
    expect(repository.all().map((n) => n.toPrimitives())).toEqual([bought.toPrimitives()]);
    expect(provider.ownedNumber(sid)?.voiceUrl?.value).toBe(LOQUENT_URL);
    expect(provider.ownedNumber(sid)?.friendlyName).toBe('Sales');
    expect(provider.callsOf('purchase')).toHaveLength(1);
  });

  it('sends Twilio the name as it is stored: NFC, trimmed', async () => {
    const { buyNumber, provider } = setUp();

    const bought = await buyNumber.execute({
      organizationId: ORG,
      phoneNumber: '+14155550100',
      friendlyName: '  Cafe\u0301 line ',
    });

    expect(bought.friendlyName?.value).toBe('Caf\u00e9 line');
    expect(provider.ownedNumber(bought.twilioSid.value)?.friendlyName).toBe('Caf\u00e9 line');
  });

  it.each([
    ['NUL', 'Front\u0000desk'],
    ['a line feed', 'Front\ndesk'],
    ['a C1 control', 'Front\u0085desk'],
    ['a lone surrogate', 'Front\ud800desk'],
    ['a right-to-left override', 'Front\u202edesk'],
    ['an isolate', '\u2066Front desk'],
  ])('refuses a friendly name with %s before anything is bought or recorded', async (_, name) => {
    const { buyNumber, provider, repository, intents } = setUp();

    await expect(
      buyNumber.execute({ organizationId: ORG, phoneNumber: '+14155550100', friendlyName: name }),
    ).rejects.toThrow(InvalidFriendlyName);
    expect(provider.calls).toEqual([]);
    expect(repository.all()).toEqual([]);
    expect(intents.all()).toEqual([]);
  });

  it('keeps a rename that lands while the voice URL is being set', async () => {
    const { buyNumber, provider, update, repository } = setUp();
    const slow = provider.pauseNext('updateVoiceUrl');

    const buying = buyNumber.execute({ organizationId: ORG, phoneNumber: '+14155550100' });
    await slow.reached;
    const [registered] = repository.all();
    await update.execute({
      organizationId: ORG,
      phoneNumberId: registered!.id,
      friendlyName: 'Renamed at once',
    });
    slow.resume();
    const bought = await buying;

    expect(bought.toPrimitives()).toMatchObject({
      friendlyName: 'Renamed at once',
      voiceUrlStatus: 'configured',
      version: 3,
    });
    expect(repository.all().map((n) => n.toPrimitives())).toEqual([bought.toPrimitives()]);
  });

  it('remembers the voice URL the provider gave the new number', async () => {
    const { buyNumber, provider } = setUp();
    provider.offer([
      { phoneNumber: '+14155550111', voiceUrl: 'https://demo.twilio.com/welcome/voice/' },
    ]);

    const bought = await buyNumber.execute({ organizationId: ORG, phoneNumber: '+14155550111' });

    expect(bought.previousVoiceUrl?.value).toBe('https://demo.twilio.com/welcome/voice/');
    expect(provider.ownedNumber(bought.twilioSid.value)?.voiceUrl?.value).toBe(LOQUENT_URL);
  });

  it('refuses a number that is not E.164 before calling the provider', async () => {
    const { buyNumber, provider, repository } = setUp();

    await expect(
      buyNumber.execute({ organizationId: ORG, phoneNumber: '4155550100' }),
    ).rejects.toThrow(InvalidPhoneNumber);
    expect(provider.calls).toEqual([]);
    expect(repository.all()).toEqual([]);
  });

  it('refuses a friendly name longer than Twilio keeps, before buying', async () => {
    const { buyNumber, provider } = setUp();

    await expect(
      buyNumber.execute({
        organizationId: ORG,
        phoneNumber: '+14155550100',
        friendlyName: 'x'.repeat(65),
      }),
    ).rejects.toThrow(InvalidFriendlyName);
    expect(provider.calls).toEqual([]);
  });

  it('refuses a number Loquent already has, in any organization, without buying it again', async () => {
    const { buyNumber, provider, repository } = setUp();
    await repository.save(
      aPhoneNumber().withOrganization('another-org').withNumber('+14155550100').build(),
    );

    await expect(
      buyNumber.execute({ organizationId: ORG, phoneNumber: '+14155550100' }),
    ).rejects.toThrow(NumberAlreadyRegistered);
    expect(provider.callsOf('purchase')).toEqual([]);
  });

  it('saves nothing when the provider says the number is not available', async () => {
    const { buyNumber, repository } = setUp();

    await expect(
      buyNumber.execute({ organizationId: ORG, phoneNumber: '+14155550199' }),
    ).rejects.toThrow(NumberNotAvailable);
    expect(repository.all()).toEqual([]);
  });

  it('saves nothing when the purchase fails at the provider', async () => {
    const { buyNumber, repository, provider } = setUp();
    provider.failNext('purchase', unavailable());

    await expect(
      buyNumber.execute({ organizationId: ORG, phoneNumber: '+14155550100' }),
    ).rejects.toThrow(TelephonyProviderUnavailable);
    expect(repository.all()).toEqual([]);
    expect(provider.ownedNumbers()).toEqual([]);
  });

  it('keeps the number registered with status failed when the voice URL update fails', async () => {
    const { buyNumber, repository, provider } = setUp();
    provider.failNext(
      'updateVoiceUrl',
      new TelephonyProviderRateLimited({
        operation: 'updateVoiceUrl',
        providerStatus: 429,
        providerCode: 20429,
        retryAfterSeconds: 1,
      }),
    );

    const bought = await buyNumber.execute({ organizationId: ORG, phoneNumber: '+14155550100' });

    expect(bought.voiceUrlStatus).toBe('failed');
    expect(bought.voiceUrlConfiguredAt).toBeNull();
    expect(repository.all().map((n) => n.toPrimitives())).toEqual([bought.toPrimitives()]);
    expect(provider.ownedNumber(bought.twilioSid.value)?.voiceUrl).toBeNull();
  });

  it('reports the purchased sid when the number cannot be saved after buying it', async () => {
    const { buyNumber, repository, provider } = setUp();
    const outage = new Error('connection terminated');
    repository.failNextSave(outage);

    const failure = buyNumber.execute({ organizationId: ORG, phoneNumber: '+14155550100' });

    await expect(failure).rejects.toThrow(PurchasedNumberNotSaved);
    const sid = provider.ownedNumbers()[0]!.sid.value;
    await expect(failure).rejects.toMatchObject({
      params: { number: '+14155550100', twilioSid: sid },
      cause: outage,
    });
    expect(provider.callsOf('updateVoiceUrl')).toEqual([]);
  });

  it('does not turn an unexpected failure of the voice URL step into a silent success', async () => {
    const { buyNumber, provider } = setUp();
    provider.failNext('updateVoiceUrl', new TypeError('bug'));

    await expect(
      buyNumber.execute({ organizationId: ORG, phoneNumber: '+14155550100' }),
    ).rejects.toThrow(TypeError);
  });

  it('dispatches the events of the purchase and the configuration once each is saved', async () => {
    const { buyNumber, unitOfWork } = setUp();

    const bought: PhoneNumber = await buyNumber.execute({
      organizationId: ORG,
      phoneNumber: '+14155550100',
    });

    expect(unitOfWork.dispatched.map((e) => e.eventName)).toEqual([
      'phone_number.purchased',
      'phone_number.voice_url_configured',
    ]);
    expect(bought.pullDomainEvents()).toEqual([]);
  });
});

describe('BuyNumber, when a purchase is already under way or its outcome is unknown', () => {
  const unknown = () =>
    new TelephonyProviderUnavailable({
      operation: 'purchase',
      providerStatus: null,
      providerCode: null,
    });

  it('records the intent before buying and closes it once the number is registered', async () => {
    const { buyNumber, intents, provider } = setUp();

    await buyNumber.execute({ organizationId: ORG, phoneNumber: '+14155550100' });

    expect(intents.all()).toEqual([
      expect.objectContaining({
        status: 'completed',
        held: false,
        twilioSid: provider.ownedNumbers()[0]!.sid.value,
      }),
    ]);
  });

  it('refuses a second purchase of a number while one is open, without calling the provider', async () => {
    const { use, intents, provider } = setUp();
    intents.abandon('another-org', '+14155550100');

    await expect(use.execute({ organizationId: ORG, phoneNumber: '+14155550100' })).rejects.toThrow(
      PurchaseInProgress,
    );
    expect(provider.callsOf('purchase')).toEqual([]);
  });

  it('closes the intent as failed when the provider refuses', async () => {
    const { use, intents } = setUp();

    await expect(use.execute({ organizationId: ORG, phoneNumber: '+14155550199' })).rejects.toThrow(
      NumberNotAvailable,
    );
    expect(intents.all()).toEqual([expect.objectContaining({ status: 'failed', held: false })]);
  });

  it('never buys again after a timeout: finds the number in the account and registers it', async () => {
    const { use, provider, repository } = setUp();
    // The provider sold the number, but the answer was lost.
    const purchaseSucceeded = provider.purchase.bind(provider);
    provider.purchase = async (...args) => {
      await purchaseSucceeded(...args);
      throw unknown();
    };

    const result = await use.execute({ organizationId: ORG, phoneNumber: '+14155550100' });

    expect(result.outcome).toBe('registered');
    expect(repository.all().map((n) => n.number.value)).toEqual(['+14155550100']);
    expect(provider.callsOf('findIncomingNumber')).toHaveLength(1);
  });

  it('answers "pending confirmation" when the provider did not answer and the number is not there yet', async () => {
    const { use, provider, intents, repository } = setUp();
    provider.failNext('purchase', unknown());

    const result = await use.execute({ organizationId: ORG, phoneNumber: '+14155550100' });

    expect(result.outcome).toBe('pending_confirmation');
    expect(repository.all()).toEqual([]);
    expect(intents.all()).toEqual([expect.objectContaining({ status: 'open', held: false })]);
  });

  it('reports the failure when the provider answered 5xx and the account shows no purchase', async () => {
    const { use, provider, intents, repository } = setUp();
    provider.failNext(
      'purchase',
      new TelephonyProviderUnavailable({
        operation: 'purchase',
        providerStatus: 500,
        providerCode: 20500,
      }),
    );

    await expect(use.execute({ organizationId: ORG, phoneNumber: '+14155550100' })).rejects.toThrow(
      TelephonyProviderUnavailable,
    );
    expect(repository.all()).toEqual([]);
    expect(intents.all()).toEqual([expect.objectContaining({ status: 'failed' })]);
  });

  it('answers "pending confirmation" and leaves the intent open when the account cannot be checked either', async () => {
    const { use, provider, intents, repository } = setUp();
    provider.failNext('purchase', unknown());
    provider.failNext('findIncomingNumber', unknown());

    const result = await use.execute({ organizationId: ORG, phoneNumber: '+14155550100' });

    expect(result).toMatchObject({
      outcome: 'pending_confirmation',
      number: expect.objectContaining({ value: '+14155550100' }),
    });
    expect(repository.all()).toEqual([]);
    expect(intents.all()).toEqual([expect.objectContaining({ status: 'open', held: false })]);
  });

  it('leaves the intent open for the reconciler when the number cannot be saved', async () => {
    const { use, repository, intents } = setUp();
    repository.failNextSave();

    await expect(use.execute({ organizationId: ORG, phoneNumber: '+14155550100' })).rejects.toThrow(
      PurchasedNumberNotSaved,
    );
    expect(intents.all()).toEqual([expect.objectContaining({ status: 'open', held: false })]);
  });
});

describe('BuyNumber racing another purchase of the same number', () => {
  it('does not buy a number that another purchase registered just before this one began', async () => {
    const { use, repository, provider, intents } = setUp();
    // The other purchase registered the number and closed its intent just before ours began.
    const isNumberRegistered = repository.isNumberRegistered.bind(repository);
    let checks = 0;
    repository.isNumberRegistered = async (number) => {
      checks++;
      if (checks === 1) {
        await repository.save(
          aPhoneNumber().withOrganization('another-org').withNumber(number.value).build(),
        );
      }
      return isNumberRegistered(number);
    };

    await expect(use.execute({ organizationId: ORG, phoneNumber: '+14155550100' })).rejects.toThrow(
      NumberAlreadyRegistered,
    );
    expect(provider.callsOf('purchase')).toEqual([]);
    expect(intents.all()).toEqual([expect.objectContaining({ status: 'failed', held: false })]);
  });
});

describe('BuyNumber, for numbers that need an address or a bundle', () => {
  const GB_MOBILE = '+447700900101';

  function regulatedSetUp() {
    const setup = setUp();
    setup.provider.offer([
      { phoneNumber: GB_MOBILE, isoCountry: 'GB', type: 'mobile', addressRequirements: 'any' },
      {
        phoneNumber: '+442079460000',
        isoCountry: 'GB',
        addressRequirements: 'local',
        bundleRequired: true,
      },
    ]);
    return setup;
  }

  it('refuses one bought without its address, leaving no number and the intent failed', async () => {
    const { use, provider, repository, intents } = regulatedSetUp();

    await expect(use.execute({ organizationId: ORG, phoneNumber: GB_MOBILE })).rejects.toEqual(
      expect.objectContaining({
        constructor: AddressRequired,
        params: expect.objectContaining({
          number: GB_MOBILE,
          addressSid: null,
          providerCode: 21631,
        }),
      }),
    );
    expect(provider.ownedNumbers()).toEqual([]);
    await expect(repository.isNumberRegistered(E164Number.parse(GB_MOBILE))).resolves.toBe(false);
    expect(intents.all()).toEqual([expect.objectContaining({ status: 'failed', held: false })]);
  });

  it('passes the address and bundle to the provider and registers the number', async () => {
    const { buyNumber, provider } = regulatedSetUp();
    const addressSid = provider.addAddress('GB');
    const bundleSid = provider.addBundle('GB', 'local');

    const bought = await buyNumber.execute({
      organizationId: ORG,
      phoneNumber: '+442079460000',
      addressSid,
      bundleSid,
    });

    expect(bought.number.value).toBe('+442079460000');
    expect(provider.ownedNumbers().map((n) => n.phoneNumber.value)).toEqual(['+442079460000']);
  });

  it('refuses one bought without its bundle with BundleRequired', async () => {
    const { use, provider } = regulatedSetUp();

    await expect(
      use.execute({
        organizationId: ORG,
        phoneNumber: '+442079460000',
        addressSid: provider.addAddress('GB'),
      }),
    ).rejects.toThrow(BundleRequired);
  });

  it.each([
    ['addressSid', 'AD123', InvalidAddressSid],
    ['bundleSid', 'AD' + 'a'.repeat(32), InvalidBundleSid],
  ])('refuses a malformed %s %j before calling the provider', async (field, value, error) => {
    const { use, provider, intents } = regulatedSetUp();

    await expect(
      use.execute({ organizationId: ORG, phoneNumber: GB_MOBILE, [field]: value }),
    ).rejects.toThrow(error);
    expect(provider.callsOf('purchase')).toEqual([]);
    expect(intents.all()).toEqual([]);
  });
});
