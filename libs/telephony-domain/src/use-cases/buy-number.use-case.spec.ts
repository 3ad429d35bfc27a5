import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import {
  InvalidFriendlyName,
  InvalidPhoneNumber,
  NumberAlreadyRegistered,
  PurchasedNumberNotSaved,
} from '../phone-number/phone-number.errors';
import {
  NumberNotAvailable,
  TelephonyProviderRateLimited,
  TelephonyProviderUnavailable,
} from '../ports/telephony-provider.errors';
import { InMemoryPhoneNumberRepository } from '../testing/in-memory-phone-number.repository';
import { InMemoryTelephonyProvider } from '../testing/in-memory-telephony-provider';
import { aPhoneNumber } from '../testing/phone-number.builder';
import {
  FixedClock,
  InMemoryDefaultAnalyzers,
  SequentialIdGenerator,
  sequentialUuid,
  StaticVoiceWebhookUrls,
} from '../testing/simple-adapters';
import { BuyNumber } from './buy-number.use-case';

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
  const analyzers = new InMemoryDefaultAnalyzers().set(ORG, [
    'analyzer-sentiment',
    'analyzer-summary',
  ]);
  const clock = new FixedClock(new Date('2026-05-01T10:00:00.000Z'));
  const buyNumber = new BuyNumber(
    repository,
    provider,
    analyzers,
    new StaticVoiceWebhookUrls(LOQUENT_URL),
    clock,
    new SequentialIdGenerator(),
  );
  return { repository, provider, analyzers, clock, buyNumber };
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
      voiceUrlStatus: 'configured',
      previousVoiceUrl: null,
      voiceUrlConfiguredAt: clock.now(),
      source: 'purchased',
      createdAt: clock.now(),
      updatedAt: clock.now(),
    });
    expect(repository.all().map((n) => n.toPrimitives())).toEqual([bought.toPrimitives()]);
    expect(provider.ownedNumber(sid)?.voiceUrl?.value).toBe(LOQUENT_URL);
    expect(provider.ownedNumber(sid)?.friendlyName).toBe('Sales');
    expect(provider.callsOf('purchase')).toHaveLength(1);
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

  it('records the events of the purchase and the configuration', async () => {
    const { buyNumber } = setUp();

    const bought: PhoneNumber = await buyNumber.execute({
      organizationId: ORG,
      phoneNumber: '+14155550100',
    });

    expect(bought.pullDomainEvents().map((e) => e.eventName)).toEqual([
      'phone_number.purchased',
      'phone_number.voice_url_configured',
    ]);
  });
});
