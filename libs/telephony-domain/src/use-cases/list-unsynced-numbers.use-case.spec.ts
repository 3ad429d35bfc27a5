import { TelephonyProviderAuthenticationFailed } from '../ports/telephony-provider.errors';
import { InMemoryPhoneNumberRepository } from '../testing/in-memory-phone-number.repository';
import { InMemoryPurchaseIntents } from '../testing/in-memory-purchase-intents';
import { InMemoryTelephonyProvider } from '../testing/in-memory-telephony-provider';
import { aPhoneNumber } from '../testing/phone-number.builder';
import { ListUnsyncedNumbers } from './list-unsynced-numbers.use-case';

const ORG = '11111111-1111-4111-8111-111111111111';
const OTHER_ORG = '33333333-3333-4333-8333-333333333333';

describe('ListUnsyncedNumbers', () => {
  it('lists every number of the account, across pages, that no organization has registered', async () => {
    const repository = new InMemoryPhoneNumberRepository();
    const provider = new InMemoryTelephonyProvider(3);
    const sids = Array.from({ length: 8 }, (_, i) =>
      provider.own(`+1415555010${i}`, { voiceUrl: i === 0 ? 'https://old.example/voice' : null }),
    );
    await repository.save(
      aPhoneNumber()
        .withOrganization(ORG)
        .withTwilioSid(sids[1]!)
        .withNumber('+14155550101')
        .build(),
    );
    await repository.save(
      aPhoneNumber()
        .withOrganization(OTHER_ORG)
        .withTwilioSid(sids[6]!)
        .withNumber('+14155550106')
        .build(),
    );

    const unsynced = await new ListUnsyncedNumbers(
      provider,
      repository,
      new InMemoryPurchaseIntents(),
    ).execute({
      organizationId: ORG,
    });

    expect(unsynced.map((n) => n.sid.value)).toEqual([
      sids[0],
      sids[2],
      sids[3],
      sids[4],
      sids[5],
      sids[7],
    ]);
    expect(unsynced[0]?.voiceUrl?.value).toBe('https://old.example/voice');
    expect(repository.calls.findRegisteredSids).toBe(3);
    expect(provider.callsOf('listIncomingNumbers')).toHaveLength(3);
  });

  it('serves the numbers page by page, reading the next provider page only when asked', async () => {
    const repository = new InMemoryPhoneNumberRepository();
    const provider = new InMemoryTelephonyProvider(3);
    const sids = Array.from({ length: 7 }, (_, i) => provider.own(`+1415555010${i}`));
    await repository.save(
      aPhoneNumber()
        .withOrganization(ORG)
        .withTwilioSid(sids[4]!)
        .withNumber('+14155550104')
        .build(),
    );
    const listing = new ListUnsyncedNumbers(provider, repository, new InMemoryPurchaseIntents());

    const seen: { sids: string[]; providerPagesRead: number }[] = [];
    for await (const page of listing.pages({ organizationId: ORG })) {
      seen.push({
        sids: page.map((n) => n.sid.value),
        providerPagesRead: provider.callsOf('listIncomingNumbers').length,
      });
    }

    expect(seen).toEqual([
      { sids: sids.slice(0, 3), providerPagesRead: 1 },
      { sids: [sids[3], sids[5]], providerPagesRead: 2 },
      { sids: [sids[6]], providerPagesRead: 3 },
    ]);
  });

  it('returns an empty list for an empty account without touching the repository', async () => {
    const repository = new InMemoryPhoneNumberRepository();

    await expect(
      new ListUnsyncedNumbers(
        new InMemoryTelephonyProvider(),
        repository,
        new InMemoryPurchaseIntents(),
      ).execute({
        organizationId: ORG,
      }),
    ).resolves.toEqual([]);
    expect(repository.calls.findRegisteredSids).toBe(0);
  });

  it('lets a provider failure through', async () => {
    const provider = new InMemoryTelephonyProvider();
    const failure = new TelephonyProviderAuthenticationFailed({
      operation: 'list',
      providerStatus: 401,
      providerCode: 20003,
    });
    provider.failNext('listIncomingNumbers', failure);

    await expect(
      new ListUnsyncedNumbers(
        provider,
        new InMemoryPhoneNumberRepository(),
        new InMemoryPurchaseIntents(),
      ).execute({
        organizationId: ORG,
      }),
    ).rejects.toThrow(failure);
  });

  it('leaves out a number Loquent is in the middle of buying', async () => {
    const provider = new InMemoryTelephonyProvider();
    const intents = new InMemoryPurchaseIntents();
    provider.own('+14155550100');
    const other = provider.own('+14155550101');
    intents.abandon(ORG, '+14155550100');

    const unsynced = await new ListUnsyncedNumbers(
      provider,
      new InMemoryPhoneNumberRepository(),
      intents,
    ).execute({
      organizationId: ORG,
    });

    expect(unsynced.map((n) => n.sid.value)).toEqual([other]);
  });
});
