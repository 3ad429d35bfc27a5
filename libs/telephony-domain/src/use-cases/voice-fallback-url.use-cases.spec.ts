import { InMemoryPhoneNumberRepository } from '../testing/in-memory-phone-number.repository';
import { InMemoryProviderChangeLocks } from '../testing/in-memory-provider-change-locks';
import { InMemoryTelephonyProvider } from '../testing/in-memory-telephony-provider';
import { InMemoryUnitOfWork } from '../testing/in-memory-unit-of-work';
import { aPhoneNumber } from '../testing/phone-number.builder';
import { FixedClock, StaticVoiceWebhookUrls } from '../testing/simple-adapters';
import { CheckVoiceUrls } from './check-voice-urls.use-case';
import { ConfigureVoiceUrl } from './configure-voice-url.use-case';
import { RestoreVoiceUrl } from './restore-voice-url.use-case';

const ORG = '11111111-1111-4111-8111-111111111111';
const LOQUENT_URL = 'https://loquent.test/twilio/voice';
const LOQUENT_FALLBACK = 'https://static.loquent.test/fallback.xml';
const THEIR_FALLBACK = 'https://old-ivr.example/fallback';

async function setUp(fallbackUrl: string | null, theirs: string | null = THEIR_FALLBACK) {
  const repository = new InMemoryPhoneNumberRepository();
  const provider = new InMemoryTelephonyProvider();
  const clock = new FixedClock(new Date('2026-06-01T00:00:00.000Z'));
  const sid = provider.own('+14155550100', {
    voiceUrl: 'https://old-ivr.example/voice',
    voiceFallbackUrl: theirs,
  });
  const phoneNumber = aPhoneNumber().withOrganization(ORG).withTwilioSid(sid).build();
  await repository.save(phoneNumber);
  const unitOfWork = new InMemoryUnitOfWork(repository);
  const urls = new StaticVoiceWebhookUrls(LOQUENT_URL, fallbackUrl);
  const locks = new InMemoryProviderChangeLocks();
  return {
    provider,
    sid,
    id: phoneNumber.id,
    configure: new ConfigureVoiceUrl(unitOfWork, provider, urls, clock, locks),
    restore: new RestoreVoiceUrl(unitOfWork, provider, urls, clock, locks),
    check: new CheckVoiceUrls(repository, provider, urls),
  };
}

describe('VoiceFallbackUrl (VOICE_FALLBACK_URL)', () => {
  it('is set with the voice URL, remembering the one that was there, and put back by a restore', async () => {
    const { configure, restore, provider, sid, id } = await setUp(LOQUENT_FALLBACK);

    const configured = await configure.execute({ organizationId: ORG, phoneNumberId: id });
    expect(provider.ownedNumber(sid)?.voiceFallbackUrl?.value).toBe(LOQUENT_FALLBACK);
    expect(configured.previousVoiceFallbackUrl?.value).toBe(THEIR_FALLBACK);

    // Configured again: the first remembered URL stands.
    const again = await configure.execute({ organizationId: ORG, phoneNumberId: id });
    expect(again.previousVoiceFallbackUrl?.value).toBe(THEIR_FALLBACK);

    const restored = await restore.execute({ organizationId: ORG, phoneNumberId: id });
    expect(provider.ownedNumber(sid)?.voiceFallbackUrl?.value).toBe(THEIR_FALLBACK);
    expect(restored.previousVoiceFallbackUrl).toBeNull();
    expect(restored.voiceFallbackUrlTakenOver).toBe(false);
  });

  it('clears it on restore when there was none, and leaves it alone when unset', async () => {
    const none = await setUp(LOQUENT_FALLBACK, null);
    await none.configure.execute({ organizationId: ORG, phoneNumberId: none.id });
    await none.restore.execute({ organizationId: ORG, phoneNumberId: none.id });
    expect(none.provider.ownedNumber(none.sid)?.voiceFallbackUrl ?? null).toBeNull();

    const unset = await setUp(null);
    const configured = await unset.configure.execute({
      organizationId: ORG,
      phoneNumberId: unset.id,
    });
    expect(unset.provider.ownedNumber(unset.sid)?.voiceFallbackUrl?.value).toBe(THEIR_FALLBACK);
    expect(configured.voiceFallbackUrlTakenOver).toBe(false);
  });

  it('is part of the drift check', async () => {
    const { configure, check, provider, sid, id } = await setUp(LOQUENT_FALLBACK);
    await configure.execute({ organizationId: ORG, phoneNumberId: id });
    expect((await check.execute({ organizationId: ORG })).drifted).toEqual([]);

    await provider.updateVoiceUrl(
      ORG,
      provider.ownedNumber(sid)!.sid,
      provider.ownedNumber(sid)!.voiceUrl,
      {
        voiceFallbackUrl: null,
      },
    );

    expect((await check.execute({ organizationId: ORG })).drifted).toMatchObject([
      { id, voiceUrl: LOQUENT_URL, voiceFallbackUrl: null },
    ]);
  });
});
