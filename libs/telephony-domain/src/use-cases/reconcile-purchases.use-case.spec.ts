import { E164Number } from '../phone-number/e164-number.value-object';
import { TelephonyProviderUnavailable } from '../ports/telephony-provider.errors';
import { InMemoryPhoneNumberRepository } from '../testing/in-memory-phone-number.repository';
import { InMemoryPurchaseIntents } from '../testing/in-memory-purchase-intents';
import { InMemoryTelephonyProvider } from '../testing/in-memory-telephony-provider';
import { InMemoryUnitOfWork } from '../testing/in-memory-unit-of-work';
import { aPhoneNumber } from '../testing/phone-number.builder';
import {
  FixedClock,
  InMemoryPurchasePreconditions,
  SequentialIdGenerator,
  StaticVoiceWebhookUrls,
} from '../testing/simple-adapters';
import { ReconcilePurchases } from './reconcile-purchases.use-case';

const ORG = '11111111-1111-4111-8111-111111111111';
const LOQUENT_URL = 'https://loquent.test/twilio/voice';

function setUp() {
  const repository = new InMemoryPhoneNumberRepository();
  const provider = new InMemoryTelephonyProvider();
  const intents = new InMemoryPurchaseIntents();
  const preconditions = new InMemoryPurchasePreconditions(repository).setDefaultAnalyzers(ORG, [
    'analyzer-1',
  ]);
  const clock = new FixedClock();
  const reconcile = new ReconcilePurchases(
    intents,
    provider,
    new InMemoryUnitOfWork(repository),
    preconditions,
    new StaticVoiceWebhookUrls(LOQUENT_URL),
    clock,
    new SequentialIdGenerator(),
  );
  return { repository, provider, intents, reconcile, clock };
}

describe('ReconcilePurchases', () => {
  it('registers a number that was bought but never saved, exactly as a purchase would', async () => {
    const { reconcile, provider, intents, repository } = setUp();
    const sid = provider.own('+14155550100', {
      voiceUrl: 'https://demo.twilio.com/welcome/voice/',
    });
    intents.abandon(ORG, '+14155550100');

    const report = await reconcile.execute();

    expect(report.registered).toEqual(['+14155550100']);
    expect(repository.all().map((n) => n.toPrimitives())).toEqual([
      expect.objectContaining({
        organizationId: ORG,
        number: '+14155550100',
        twilioSid: sid,
        source: 'purchased',
        analyzerIds: ['analyzer-1'],
        voiceUrlStatus: 'configured',
        previousVoiceUrl: 'https://demo.twilio.com/welcome/voice/',
      }),
    ]);
    expect(provider.ownedNumber(sid)?.voiceUrl?.value).toBe(LOQUENT_URL);
    expect(intents.all()).toEqual([
      expect.objectContaining({ status: 'completed', twilioSid: sid, held: false }),
    ]);
  });

  it('closes the intent when the number is already registered (the buyer saved it, then died)', async () => {
    const { reconcile, provider, intents, repository } = setUp();
    const sid = provider.own('+14155550100');
    await repository.save(
      aPhoneNumber().withOrganization(ORG).withNumber('+14155550100').withTwilioSid(sid).build(),
    );
    intents.abandon(ORG, '+14155550100');

    const report = await reconcile.execute();

    expect(report.alreadyRegistered).toEqual(['+14155550100']);
    expect(repository.all()).toHaveLength(1);
    expect(provider.callsOf('updateVoiceUrl')).toEqual([]);
  });

  it('waits for a slow purchase to land, then closes the intent as failed if it never does', async () => {
    const { reconcile, intents, clock } = setUp();
    intents.abandon(ORG, '+14155550100', clock.now());

    clock.advance(60_000);
    const early = await reconcile.execute({ settleMs: 120_000 });
    expect(early.unconfirmed).toEqual(['+14155550100']);
    expect(intents.all()).toEqual([expect.objectContaining({ status: 'open', held: false })]);

    clock.advance(60_001);
    const late = await reconcile.execute({ settleMs: 120_000 });
    expect(late.notPurchased).toEqual(['+14155550100']);
    expect(intents.all()).toEqual([expect.objectContaining({ status: 'failed' })]);
  });

  it('leaves intents held by a live purchase alone', async () => {
    const { reconcile, intents, provider } = setUp();
    await intents.begin(ORG, E164Number.parse('+14155550100'));

    const report = await reconcile.execute();

    expect(report.skipped).toEqual(['+14155550100']);
    expect(provider.calls).toEqual([]);
  });

  it('keeps the intent open for next time when the provider cannot be asked', async () => {
    const { reconcile, intents, provider, repository } = setUp();
    provider.own('+14155550100');
    intents.abandon(ORG, '+14155550100');
    provider.failNext(
      'findIncomingNumber',
      new TelephonyProviderUnavailable({
        operation: 'find',
        providerStatus: null,
        providerCode: null,
      }),
    );

    const first = await reconcile.execute();
    expect(first.retryLater).toEqual(['+14155550100']);
    expect(intents.all()).toEqual([expect.objectContaining({ status: 'open', held: false })]);

    const second = await reconcile.execute();
    expect(second.registered).toEqual(['+14155550100']);
    expect(repository.all()).toHaveLength(1);
  });
});
