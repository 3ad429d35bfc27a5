import {
  InvalidImportSelection,
  InvalidTwilioNumberSid,
} from '../phone-number/phone-number.errors';
import { TelephonyProviderUnavailable } from '../ports/telephony-provider.errors';
import { InMemoryPhoneNumberRepository } from '../testing/in-memory-phone-number.repository';
import { InMemoryPurchaseIntents } from '../testing/in-memory-purchase-intents';
import {
  InMemoryTelephonyProvider,
  MUTATING_TELEPHONY_OPERATIONS,
} from '../testing/in-memory-telephony-provider';
import { InMemoryUnitOfWork } from '../testing/in-memory-unit-of-work';
import { aPhoneNumber, aTwilioNumberSid } from '../testing/phone-number.builder';
import { FixedClock, SequentialIdGenerator } from '../testing/simple-adapters';
import { ImportNumbers } from './import-numbers.use-case';

const ORG = '11111111-1111-4111-8111-111111111111';
const OTHER_ORG = '33333333-3333-4333-8333-333333333333';

function setUp(pageSize = 2) {
  const repository = new InMemoryPhoneNumberRepository();
  const provider = new InMemoryTelephonyProvider(pageSize);
  const intents = new InMemoryPurchaseIntents();
  const unitOfWork = new InMemoryUnitOfWork(repository);
  const importNumbers = new ImportNumbers(
    provider,
    unitOfWork,
    new FixedClock(),
    new SequentialIdGenerator(),
    intents,
  );
  const sids = [
    provider.own('+14155550100', {
      friendlyName: 'Main line',
      voiceUrl: 'https://old-ivr.example/voice',
    }),
    provider.own('+14155550101'),
    provider.own('+14155550102'),
    provider.own('+14155550103'),
    provider.own('+14155550104'),
  ];
  return { repository, provider, importNumbers, sids, intents, unitOfWork };
}

describe('ImportNumbers', () => {
  it('imports a number whatever characters Twilio holds in its name, keeping what the rule allows', async () => {
    const { importNumbers, provider } = setUp();
    const odd = provider.own('+14155550109', { friendlyName: ' Lobby\u0000 \u202eline\ud800 ' });

    const result = await importNumbers.execute({ organizationId: ORG, twilioSids: [odd] });

    expect(result.imported.map((n) => n.friendlyName?.value)).toEqual(['Lobby line']);
  });

  it('registers the selected numbers as they are in the account, unconfigured', async () => {
    const { importNumbers, repository, sids } = setUp();

    const result = await importNumbers.execute({
      organizationId: ORG,
      twilioSids: [sids[0]!, sids[3]!],
    });

    expect(
      result.imported.map((n) => [
        n.number.value,
        n.twilioSid.value,
        n.friendlyName?.value ?? null,
      ]),
    ).toEqual([
      ['+14155550100', sids[0], 'Main line'],
      ['+14155550103', sids[3], null],
    ]);
    expect(result.alreadyExisted).toEqual([]);
    expect(result.notInAccount).toEqual([]);
    expect(
      repository
        .all()
        .map((n) => [n.organizationId, n.source, n.voiceUrlStatus, n.previousVoiceUrl]),
    ).toEqual([
      [ORG, 'imported', 'not_configured', null],
      [ORG, 'imported', 'not_configured', null],
    ]);
  });

  it('never changes anything at the provider', async () => {
    const { importNumbers, provider, sids } = setUp();
    const before = provider.ownedNumbers();

    await importNumbers.execute({ organizationId: ORG, twilioSids: sids });

    expect(
      provider.calls.filter((c) => MUTATING_TELEPHONY_OPERATIONS.includes(c.operation)),
    ).toEqual([]);
    expect(provider.ownedNumbers()).toEqual(before);
  });

  it('imports nothing the second time and reports the numbers as already existing', async () => {
    const { importNumbers, repository, sids } = setUp();
    await importNumbers.execute({ organizationId: ORG, twilioSids: sids });

    const again = await importNumbers.execute({ organizationId: ORG, twilioSids: sids });

    expect(again.imported).toEqual([]);
    expect(again.alreadyExisted).toEqual(sids);
    expect(repository.all()).toHaveLength(5);
  });

  it('counts numbers registered to another organization as already existing, and leaves them there', async () => {
    const { importNumbers, repository, sids } = setUp();
    await repository.save(
      aPhoneNumber()
        .withOrganization(OTHER_ORG)
        .withNumber('+14155550101')
        .withTwilioSid(sids[1]!)
        .build(),
    );

    const result = await importNumbers.execute({
      organizationId: ORG,
      twilioSids: [sids[1]!, sids[2]!],
    });

    expect(result.imported.map((n) => n.twilioSid.value)).toEqual([sids[2]]);
    expect(result.alreadyExisted).toEqual([sids[1]]);
    expect(repository.all().find((n) => n.twilioSid.value === sids[1])?.organizationId).toBe(
      OTHER_ORG,
    );
  });

  it('reports selected sids that are not in the account', async () => {
    const { importNumbers, sids } = setUp();
    const stranger = aTwilioNumberSid();

    const result = await importNumbers.execute({
      organizationId: ORG,
      twilioSids: [stranger, sids[4]!],
    });

    expect(result.imported.map((n) => n.twilioSid.value)).toEqual([sids[4]]);
    expect(result.notInAccount).toEqual([stranger]);
  });

  it('inserts once per provider page and stops reading pages once everything is found', async () => {
    const { importNumbers, repository, provider, sids } = setUp(2);

    await importNumbers.execute({
      organizationId: ORG,
      twilioSids: [sids[0]!, sids[1]!, sids[2]!],
    });

    expect(repository.calls.insertMany).toBe(2);
    expect(provider.callsOf('listIncomingNumbers')).toHaveLength(2);
  });

  it('counts a sid selected twice once', async () => {
    const { importNumbers, sids } = setUp();

    const result = await importNumbers.execute({
      organizationId: ORG,
      twilioSids: [sids[0]!, sids[0]!],
    });

    expect(result.imported).toHaveLength(1);
    expect(result.alreadyExisted).toEqual([]);
  });

  it.each([0, 1001])('refuses a selection of %i sids', async (count) => {
    const { importNumbers, provider } = setUp();
    const twilioSids = Array.from({ length: count }, () => aTwilioNumberSid());

    await expect(importNumbers.execute({ organizationId: ORG, twilioSids })).rejects.toThrow(
      new InvalidImportSelection(count, 1, 1000),
    );
    expect(provider.calls).toEqual([]);
  });

  it('accepts a selection of exactly 1000 sids', async () => {
    const { importNumbers } = setUp();
    const twilioSids = Array.from({ length: 1000 }, () => aTwilioNumberSid());

    const result = await importNumbers.execute({ organizationId: ORG, twilioSids });

    expect(result.notInAccount).toHaveLength(1000);
  });

  it('refuses a malformed sid and imports nothing', async () => {
    const { importNumbers, repository, sids } = setUp();

    await expect(
      importNumbers.execute({ organizationId: ORG, twilioSids: [sids[0]!, 'PN123'] }),
    ).rejects.toThrow(new InvalidTwilioNumberSid('PN123'));
    expect(repository.all()).toEqual([]);
  });

  it('keeps the pages already registered when the provider fails on a later page, and a retry finishes', async () => {
    const { importNumbers, repository, provider, sids } = setUp(2);
    const outage = new TelephonyProviderUnavailable({
      operation: 'list',
      providerStatus: 500,
      providerCode: null,
    });
    provider.failNext('listIncomingNumbers', outage, { after: 1 });

    await expect(importNumbers.execute({ organizationId: ORG, twilioSids: sids })).rejects.toThrow(
      outage,
    );
    expect(repository.all().map((n) => n.twilioSid.value)).toEqual(sids.slice(0, 2));

    const retry = await importNumbers.execute({ organizationId: ORG, twilioSids: sids });
    expect(retry.imported.map((n) => n.twilioSid.value)).toEqual(sids.slice(2));
    expect(retry.alreadyExisted).toEqual(sids.slice(0, 2));
  });

  it('leaves a number Loquent is buying to its buyer', async () => {
    const { importNumbers, repository, intents, sids } = setUp();
    intents.abandon(OTHER_ORG, '+14155550101');

    const result = await importNumbers.execute({
      organizationId: ORG,
      twilioSids: [sids[0]!, sids[1]!],
    });

    expect(result.imported.map((n) => n.twilioSid.value)).toEqual([sids[0]]);
    expect(result.alreadyExisted).toEqual([sids[1]]);
    expect(repository.all().map((n) => n.number.value)).toEqual(['+14155550100']);
  });
});
