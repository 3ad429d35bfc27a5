import { FriendlyName } from '../phone-number/friendly-name.value-object';
import {
  ConcurrentUpdate,
  NumberNotInProviderAccount,
  PhoneNumberNotFound,
} from '../phone-number/phone-number.errors';
import { VoiceUrlConfigured } from '../phone-number/phone-number.events';
import { TelephonyProviderUnavailable } from '../ports/telephony-provider.errors';
import { InMemoryAgentDirectory } from '../testing/in-memory-agent-directory';
import { InMemoryPhoneNumberRepository } from '../testing/in-memory-phone-number.repository';
import { InMemoryProviderChangeLocks } from '../testing/in-memory-provider-change-locks';
import { InMemoryTelephonyProvider } from '../testing/in-memory-telephony-provider';
import { InMemoryUnitOfWork } from '../testing/in-memory-unit-of-work';
import { aPhoneNumber } from '../testing/phone-number.builder';
import { FixedClock, StaticVoiceWebhookUrls } from '../testing/simple-adapters';
import { ConfigureVoiceUrl } from './configure-voice-url.use-case';
import { CHANGE_ATTEMPTS } from './phone-number-changes';
import { UpdatePhoneNumber } from './update-phone-number.use-case';

const ORG = '11111111-1111-4111-8111-111111111111';
const OTHER_ORG = '33333333-3333-4333-8333-333333333333';
const LOQUENT_URL = 'https://loquent.test/twilio/voice';
const IVR_URL = 'https://old-ivr.example/voice';
const AGENT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

async function setUp(voiceUrl: string | null = IVR_URL) {
  const repository = new InMemoryPhoneNumberRepository();
  const provider = new InMemoryTelephonyProvider();
  const clock = new FixedClock(new Date('2026-06-01T00:00:00.000Z'));
  const sid = provider.own('+14155550100', { voiceUrl });
  const phoneNumber = aPhoneNumber()
    .withOrganization(ORG)
    .withNumber('+14155550100')
    .withTwilioSid(sid)
    .build();
  await repository.save(phoneNumber);
  const unitOfWork = new InMemoryUnitOfWork(repository);
  const configure = new ConfigureVoiceUrl(
    unitOfWork,
    provider,
    new StaticVoiceWebhookUrls(LOQUENT_URL),
    clock,
    new InMemoryProviderChangeLocks(),
  );
  const agents = new InMemoryAgentDirectory().add({ id: AGENT, organizationId: ORG, name: 'Ava' });
  const update = new UpdatePhoneNumber(unitOfWork, agents, clock);
  return { repository, provider, clock, sid, id: phoneNumber.id, configure, update, unitOfWork };
}

describe('ConfigureVoiceUrl', () => {
  it('points an imported number at Loquent and remembers the URL that was there', async () => {
    const { configure, repository, provider, sid, id, clock } = await setUp();

    const configured = await configure.execute({ organizationId: ORG, phoneNumberId: id });

    expect(configured.voiceUrlStatus).toBe('configured');
    expect(configured.previousVoiceUrl?.value).toBe(IVR_URL);
    expect(configured.voiceUrlConfiguredAt).toEqual(clock.now());
    expect(provider.ownedNumber(sid)?.voiceUrl?.value).toBe(LOQUENT_URL);
    expect((await repository.findById(ORG, id))?.toPrimitives()).toEqual(configured.toPrimitives());
  });

  it('keeps the original previous URL when configured twice', async () => {
    const { configure, id } = await setUp();

    await configure.execute({ organizationId: ORG, phoneNumberId: id });
    const again = await configure.execute({ organizationId: ORG, phoneNumberId: id });

    expect(again.previousVoiceUrl?.value).toBe(IVR_URL);
  });

  it('retries a failed configuration: the status is saved as failed, then configured', async () => {
    const { configure, repository, provider, id } = await setUp();
    const outage = new TelephonyProviderUnavailable({
      operation: 'updateVoiceUrl',
      providerStatus: 503,
      providerCode: null,
    });
    provider.failNext('updateVoiceUrl', outage);

    await expect(configure.execute({ organizationId: ORG, phoneNumberId: id })).rejects.toThrow(
      outage,
    );
    expect((await repository.findById(ORG, id))?.voiceUrlStatus).toBe('failed');

    const retried = await configure.execute({ organizationId: ORG, phoneNumberId: id });
    expect(retried.voiceUrlStatus).toBe('configured');
    expect(retried.previousVoiceUrl?.value).toBe(IVR_URL);
  });

  it('says the number is not found when it belongs to another organization, and touches nothing', async () => {
    const { configure, provider, id } = await setUp();

    await expect(
      configure.execute({ organizationId: OTHER_ORG, phoneNumberId: id }),
    ).rejects.toThrow(new PhoneNumberNotFound(id));
    expect(provider.calls).toEqual([]);
  });

  it('reports a number that is no longer in the account', async () => {
    const { configure, provider, sid, id, repository } = await setUp();
    await provider.release(ORG, (await repository.findById(ORG, id))!.twilioSid);

    await expect(configure.execute({ organizationId: ORG, phoneNumberId: id })).rejects.toThrow(
      new NumberNotInProviderAccount(sid),
    );
    expect((await repository.findById(ORG, id))?.voiceUrlStatus).toBe('not_configured');
  });

  it('changes nothing when the provider cannot be read', async () => {
    const { configure, provider, repository, id } = await setUp();
    provider.failNext(
      'fetchIncomingNumber',
      new TelephonyProviderUnavailable({
        operation: 'fetch',
        providerStatus: null,
        providerCode: null,
      }),
    );

    await expect(configure.execute({ organizationId: ORG, phoneNumberId: id })).rejects.toThrow(
      TelephonyProviderUnavailable,
    );
    expect((await repository.findById(ORG, id))?.voiceUrlStatus).toBe('not_configured');
    expect(provider.callsOf('updateVoiceUrl')).toEqual([]);
  });

  it('keeps a rename and an agent that land while the provider is slow, and the first previous URL', async () => {
    const { configure, update, repository, provider, sid, id, unitOfWork } = await setUp();
    const slow = provider.pauseNext('updateVoiceUrl');

    const configuring = configure.execute({ organizationId: ORG, phoneNumberId: id });
    await slow.reached;
    await update.execute({ organizationId: ORG, phoneNumberId: id, friendlyName: 'Reception' });
    await update.execute({ organizationId: ORG, phoneNumberId: id, agentId: AGENT });
    slow.resume();
    const configured = await configuring;

    const stored = (await repository.findById(ORG, id))!;
    expect(stored.toPrimitives()).toMatchObject({
      friendlyName: 'Reception',
      agentId: AGENT,
      voiceUrlStatus: 'configured',
      previousVoiceUrl: IVR_URL,
      version: 4,
    });
    expect(configured.toPrimitives()).toEqual(stored.toPrimitives());
    expect(provider.ownedNumber(sid)?.voiceUrl?.value).toBe(LOQUENT_URL);
    // The first save met the newer version and was applied again, once.
    expect(unitOfWork.outcomes.rolledBack).toBe(1);
    expect(unitOfWork.dispatched.filter((e) => e instanceof VoiceUrlConfigured)).toHaveLength(1);
  });

  it('gives up after a bounded number of collisions, saving nothing and putting back the URL Twilio had', async () => {
    const { configure, repository, provider, sid, id } = await setUp();
    let renames = 0;
    repository.afterRead = async () => {
      // Another writer lands between every read and the save that follows it.
      const other = await readAsAnotherRequest(repository, id);
      other.rename(FriendlyName.parse(`Rename ${++renames}`), new Date());
      await repository.save(other);
    };

    await expect(configure.execute({ organizationId: ORG, phoneNumberId: id })).rejects.toThrow(
      new ConcurrentUpdate(id),
    );

    repository.afterRead = null;
    const stored = (await repository.findById(ORG, id))!;
    expect(stored.voiceUrlStatus).toBe('not_configured');
    expect(stored.friendlyName?.value).toBe(`Rename ${CHANGE_ATTEMPTS}`);
    expect(provider.ownedNumber(sid)?.voiceUrl?.value).toBe(IVR_URL);
  });
});

/** Reads without the hook, as another request would. */
async function readAsAnotherRequest(repository: InMemoryPhoneNumberRepository, id: string) {
  const hook = repository.afterRead;
  repository.afterRead = null;
  try {
    return (await repository.findById(ORG, id))!;
  } finally {
    repository.afterRead = hook;
  }
}
