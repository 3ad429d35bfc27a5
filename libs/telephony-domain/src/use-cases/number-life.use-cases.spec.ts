import {
  AgentNotFound,
  InvalidAgentId,
  InvalidFriendlyName,
  PhoneNumberNotFound,
} from '../phone-number/phone-number.errors';
import { PhoneNumberRemoved, VoiceUrlRestored } from '../phone-number/phone-number.events';
import { TelephonyProviderUnavailable } from '../ports/telephony-provider.errors';
import { InMemoryAgentDirectory } from '../testing/in-memory-agent-directory';
import { InMemoryPhoneNumberRepository } from '../testing/in-memory-phone-number.repository';
import { InMemoryProviderChangeLocks } from '../testing/in-memory-provider-change-locks';
import { InMemoryTelephonyProvider } from '../testing/in-memory-telephony-provider';
import { InMemoryUnitOfWork } from '../testing/in-memory-unit-of-work';
import { aPhoneNumber } from '../testing/phone-number.builder';
import { FixedClock, StaticVoiceWebhookUrls } from '../testing/simple-adapters';
import { CheckVoiceUrls } from './check-voice-urls.use-case';
import { ConfigureVoiceUrl } from './configure-voice-url.use-case';
import { GetPhoneNumber } from './get-phone-number.use-case';
import { RemovePhoneNumber } from './remove-phone-number.use-case';
import { RestoreVoiceUrl } from './restore-voice-url.use-case';
import { RouteIncomingCall } from './route-incoming-call.use-case';
import { UpdatePhoneNumber } from './update-phone-number.use-case';

const ORG = '11111111-1111-4111-8111-111111111111';
const OTHER_ORG = '33333333-3333-4333-8333-333333333333';
const LOQUENT_URL = 'https://loquent.test/twilio/voice';
const IVR_URL = 'https://old-ivr.example/voice';
const AGENT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const OTHER_ORG_AGENT = '9d9e6679-7425-40de-944b-e07fc1f90ae8';

async function setUp(voiceUrl: string | null = IVR_URL) {
  const repository = new InMemoryPhoneNumberRepository();
  const provider = new InMemoryTelephonyProvider();
  const clock = new FixedClock();
  const urls = new StaticVoiceWebhookUrls(LOQUENT_URL);
  const sid = provider.own('+14155550100', { voiceUrl });
  const phoneNumber = aPhoneNumber()
    .withOrganization(ORG)
    .withNumber('+14155550100')
    .withTwilioSid(sid)
    .build();
  await repository.save(phoneNumber);
  const unitOfWork = new InMemoryUnitOfWork(repository);
  const locks = new InMemoryProviderChangeLocks();
  const agents = new InMemoryAgentDirectory()
    .add({ id: AGENT, organizationId: ORG, name: 'Ava' })
    .add({ id: OTHER_ORG_AGENT, organizationId: OTHER_ORG, name: 'Bob' });
  const configureVoiceUrl = new ConfigureVoiceUrl(unitOfWork, provider, urls, clock, locks);
  const configure = () =>
    configureVoiceUrl.execute({ organizationId: ORG, phoneNumberId: phoneNumber.id });
  return {
    repository,
    unitOfWork,
    locks,
    provider,
    clock,
    sid,
    id: phoneNumber.id,
    configure,
    restore: new RestoreVoiceUrl(unitOfWork, provider, urls, clock, locks),
    remove: new RemovePhoneNumber(unitOfWork, provider, urls, clock, locks),
    check: new CheckVoiceUrls(repository, provider, urls),
    update: new UpdatePhoneNumber(unitOfWork, agents, clock),
    get: new GetPhoneNumber(repository),
    route: new RouteIncomingCall(repository),
  };
}

describe('RestoreVoiceUrl', () => {
  it('puts the previous voice URL back at the provider and forgets the takeover', async () => {
    const { configure, restore, provider, sid, id } = await setUp();
    await configure();

    const restored = await restore.execute({ organizationId: ORG, phoneNumberId: id });

    expect(provider.ownedNumber(sid)?.voiceUrl?.value).toBe(IVR_URL);
    expect(restored.toPrimitives()).toMatchObject({
      voiceUrlStatus: 'not_configured',
      previousVoiceUrl: null,
      voiceUrlConfiguredAt: null,
    });
  });

  it('clears the voice URL when there was none before Loquent', async () => {
    const { configure, restore, provider, sid, id } = await setUp(null);
    await configure();

    await restore.execute({ organizationId: ORG, phoneNumberId: id });

    expect(provider.ownedNumber(sid)?.voiceUrl).toBeNull();
  });

  it('leaves a number Loquent never took over alone', async () => {
    const { restore, provider, id } = await setUp();

    await restore.execute({ organizationId: ORG, phoneNumberId: id });

    expect(provider.calls).toEqual([]);
  });

  it('does not overwrite a URL someone set after Loquent, but forgets the takeover', async () => {
    const { configure, restore, provider, sid, id } = await setUp();
    await configure();
    // Someone points the number elsewhere, outside Loquent.
    await provider.updateVoiceUrl(ORG, provider.ownedNumber(sid)!.sid, null);
    provider.calls.length = 0;

    const restored = await restore.execute({ organizationId: ORG, phoneNumberId: id });

    expect(provider.callsOf('updateVoiceUrl')).toEqual([]);
    expect(restored.voiceUrlTakenOver).toBe(false);
  });

  it("answers not found for another organization's number", async () => {
    const { restore, id } = await setUp();

    await expect(restore.execute({ organizationId: OTHER_ORG, phoneNumberId: id })).rejects.toThrow(
      PhoneNumberNotFound,
    );
  });

  it('changes nothing in Loquent when the provider fails', async () => {
    const { configure, restore, provider, repository, id } = await setUp();
    await configure();
    provider.failNext(
      'updateVoiceUrl',
      new TelephonyProviderUnavailable({ operation: 'x', providerStatus: 503, providerCode: null }),
    );

    await expect(restore.execute({ organizationId: ORG, phoneNumberId: id })).rejects.toThrow(
      TelephonyProviderUnavailable,
    );
    expect((await repository.findById(ORG, id))?.voiceUrlStatus).toBe('configured');
  });
});

describe('RemovePhoneNumber', () => {
  it('restores the previous voice URL and removes the number from Loquent, keeping it at the provider', async () => {
    const { configure, remove, provider, repository, sid, id, unitOfWork, locks } = await setUp();
    await configure();

    const result = await remove.execute({ organizationId: ORG, phoneNumberId: id, release: false });

    expect(result).toEqual({ voiceUrlRestored: true, released: false });
    expect(provider.ownedNumber(sid)?.voiceUrl?.value).toBe(IVR_URL);
    await expect(repository.findById(ORG, id)).resolves.toBeNull();
    expect(unitOfWork.dispatched.slice(-2)).toEqual([
      expect.any(VoiceUrlRestored),
      expect.any(PhoneNumberRemoved),
    ]);
    expect(locks.taken.get(id)).toBe(2);
  });

  it('releases the number at the provider only when asked', async () => {
    const { remove, provider, sid, id } = await setUp();

    const result = await remove.execute({ organizationId: ORG, phoneNumberId: id, release: true });

    expect(result).toEqual({ voiceUrlRestored: false, released: true });
    expect(provider.ownedNumber(sid)).toBeNull();
  });

  it('removes nothing when the provider fails', async () => {
    const { configure, remove, provider, repository, id } = await setUp();
    await configure();
    provider.failNext(
      'fetchIncomingNumber',
      new TelephonyProviderUnavailable({
        operation: 'x',
        providerStatus: null,
        providerCode: null,
      }),
    );

    await expect(
      remove.execute({ organizationId: ORG, phoneNumberId: id, release: false }),
    ).rejects.toThrow(TelephonyProviderUnavailable);
    await expect(repository.findById(ORG, id)).resolves.not.toBeNull();
  });

  it('removes a number that has already left the account', async () => {
    const { remove, provider, repository, sid, id } = await setUp();
    await provider.release(ORG, provider.ownedNumber(sid)!.sid);

    await expect(
      remove.execute({ organizationId: ORG, phoneNumberId: id, release: true }),
    ).resolves.toEqual({
      voiceUrlRestored: false,
      released: false,
    });
    await expect(repository.findById(ORG, id)).resolves.toBeNull();
  });

  it("answers not found for another organization's number, releasing nothing", async () => {
    const { remove, provider, sid, id } = await setUp();

    await expect(
      remove.execute({ organizationId: OTHER_ORG, phoneNumberId: id, release: true }),
    ).rejects.toThrow(PhoneNumberNotFound);
    expect(provider.ownedNumber(sid)).not.toBeNull();
  });
});

describe('UpdatePhoneNumber and GetPhoneNumber', () => {
  it('renames and assigns an agent, leaving out what is not given', async () => {
    const { update, get, id } = await setUp();

    await update.execute({ organizationId: ORG, phoneNumberId: id, friendlyName: 'Support' });
    await update.execute({ organizationId: ORG, phoneNumberId: id, agentId: AGENT });

    expect(
      (await get.execute({ organizationId: ORG, phoneNumberId: id })).toPrimitives(),
    ).toMatchObject({
      friendlyName: 'Support',
      agentId: AGENT,
    });
  });

  it('refuses a bad agent id and keeps the number as it was', async () => {
    const { update, get, id } = await setUp();

    await expect(
      update.execute({
        organizationId: ORG,
        phoneNumberId: id,
        friendlyName: 'X',
        agentId: 'agent-1',
      }),
    ).rejects.toThrow(InvalidAgentId);
    expect((await get.execute({ organizationId: ORG, phoneNumberId: id })).friendlyName).toBeNull();
  });

  it("assigns only the organization's own agents: another's, or none at all, is not found", async () => {
    const { update, get, id } = await setUp();

    for (const agentId of [OTHER_ORG_AGENT, '5f0e8d4c-0000-4000-8000-000000000000']) {
      await expect(
        update.execute({ organizationId: ORG, phoneNumberId: id, friendlyName: 'X', agentId }),
      ).rejects.toThrow(new AgentNotFound(agentId));
    }
    const unchanged = await get.execute({ organizationId: ORG, phoneNumberId: id });
    expect(unchanged.toPrimitives()).toMatchObject({
      friendlyName: null,
      agentId: null,
      version: 1,
    });
  });

  it('refuses a friendly name the rule refuses, changing nothing', async () => {
    const { update, get, id } = await setUp();

    await expect(
      update.execute({
        organizationId: ORG,
        phoneNumberId: id,
        friendlyName: 'a\u0000b',
        agentId: AGENT,
      }),
    ).rejects.toThrow(InvalidFriendlyName);
    expect((await get.execute({ organizationId: ORG, phoneNumberId: id })).agentId).toBeNull();
  });

  it('keeps both of two updates that race, a rename and an assignment', async () => {
    const { update, get, id, unitOfWork, repository } = await setUp();
    let reads = 0;
    let renaming: Promise<unknown> | null = null;
    repository.afterRead = async () => {
      // The assignment reads first; the rename lands before the assignment is saved.
      if (++reads === 1) {
        renaming = update.execute({ organizationId: ORG, phoneNumberId: id, friendlyName: 'Desk' });
        await renaming;
      }
    };

    await update.execute({ organizationId: ORG, phoneNumberId: id, agentId: AGENT });
    await renaming;

    expect(
      (await get.execute({ organizationId: ORG, phoneNumberId: id })).toPrimitives(),
    ).toMatchObject({ friendlyName: 'Desk', agentId: AGENT, version: 3 });
    expect(unitOfWork.outcomes.rolledBack).toBe(1);
  });

  it("hides another organization's number", async () => {
    const { update, get, id } = await setUp();

    await expect(get.execute({ organizationId: OTHER_ORG, phoneNumberId: id })).rejects.toThrow(
      PhoneNumberNotFound,
    );
    await expect(
      update.execute({ organizationId: OTHER_ORG, phoneNumberId: id, agentId: OTHER_ORG_AGENT }),
    ).rejects.toThrow(PhoneNumberNotFound);
  });
});

describe('CheckVoiceUrls', () => {
  it('reports numbers that no longer call Loquent and numbers gone from the account', async () => {
    const { configure, check, provider, repository, sid } = await setUp();
    await configure();
    await provider.updateVoiceUrl(ORG, provider.ownedNumber(sid)!.sid, null);
    const goneSid = provider.own('+14155550101');
    await repository.save(
      aPhoneNumber()
        .withOrganization(ORG)
        .withNumber('+14155550101')
        .withTwilioSid(goneSid)
        .build(),
    );
    await provider.release(ORG, provider.ownedNumber(goneSid)!.sid);
    provider.calls.length = 0;

    const report = await check.execute({ organizationId: ORG });

    expect(report.checked).toBe(2);
    expect(report.drifted.map((n) => [n.number, n.voiceUrl])).toEqual([['+14155550100', null]]);
    expect(report.missing.map((n) => n.number)).toEqual(['+14155550101']);
    expect(provider.calls.every((c) => c.operation === 'listIncomingNumbers')).toBe(true);
  });

  it('reports nothing for numbers in order', async () => {
    const { configure, check } = await setUp();
    await configure();

    await expect(check.execute({ organizationId: ORG })).resolves.toEqual({
      checked: 1,
      drifted: [],
      missing: [],
    });
  });
});

describe('RouteIncomingCall', () => {
  it('routes a call to the agent assigned to the number', async () => {
    const { update, route, id } = await setUp();
    await update.execute({ organizationId: ORG, phoneNumberId: id, agentId: AGENT });

    await expect(route.execute({ to: '+14155550100' })).resolves.toMatchObject({
      kind: 'agent',
      agentId: AGENT,
    });
  });

  it('says when nobody answers the number, or when the number is not Loquent’s', async () => {
    const { route } = await setUp();

    await expect(route.execute({ to: '+14155550100' })).resolves.toMatchObject({
      kind: 'no_agent',
    });
    await expect(route.execute({ to: '+14155550199' })).resolves.toEqual({
      kind: 'unknown_number',
    });
    await expect(route.execute({ to: 'client:alice' })).resolves.toEqual({
      kind: 'unknown_number',
    });
  });
});
