import { E164Number } from './e164-number.value-object';
import { BusinessHours } from '../call-handling/business-hours.value-object';
import { CallFallback } from '../call-handling/call-fallback.value-object';
import { FriendlyName } from './friendly-name.value-object';
import { PhoneNumber } from './phone-number.aggregate';
import { InvalidAgentId } from './phone-number.errors';
import {
  AgentAssigned,
  PhoneNumberImported,
  PhoneNumberPurchased,
  PhoneNumberRenamed,
  VoiceUrlConfigurationFailed,
  VoiceUrlConfigured,
} from './phone-number.events';
import { TwilioNumberSid } from './twilio-number-sid.value-object';
import { VoiceUrl } from './voice-url.value-object';

const ORG = '11111111-1111-4111-8111-111111111111';
const ID = '22222222-2222-4222-8222-222222222222';
const SID = TwilioNumberSid.parse('PN0123456789abcdef0123456789abcdef');
const NUMBER = E164Number.parse('+14155550100');
const T0 = new Date('2026-01-01T00:00:00.000Z');
const T1 = new Date('2026-01-01T00:01:00.000Z');
const T2 = new Date('2026-01-01T00:02:00.000Z');
const LOQUENT = VoiceUrl.parse('https://api.loquent.test/twilio/voice');
const CUSTOMER = VoiceUrl.parse('https://customer.example/voice');

function purchased(): PhoneNumber {
  return PhoneNumber.purchased({
    id: ID,
    organizationId: ORG,
    number: NUMBER,
    twilioSid: SID,
    friendlyName: FriendlyName.parse('  Sales  '),
    analyzerIds: ['a1', 'a2', 'a1'],
    at: T0,
  });
}

describe('PhoneNumber', () => {
  it('is purchased unconfigured, with its analyzers, and records PhoneNumberPurchased', () => {
    const phoneNumber = purchased();

    expect(phoneNumber.toPrimitives()).toEqual({
      id: ID,
      organizationId: ORG,
      number: '+14155550100',
      twilioSid: SID.value,
      friendlyName: 'Sales',
      agentId: null,
      analyzerIds: ['a1', 'a2'],
      fallback: null,
      businessHours: null,
      voiceUrlStatus: 'not_configured',
      previousVoiceUrl: null,
      voiceFallbackUrlTakenOver: false,
      previousVoiceFallbackUrl: null,
      voiceUrlConfiguredAt: null,
      source: 'purchased',
      createdAt: T0,
      updatedAt: T0,
      version: 0,
    });
    expect(phoneNumber.pullDomainEvents()).toEqual([
      new PhoneNumberPurchased(ID, T0, ORG, '+14155550100', SID.value),
    ]);
    expect(phoneNumber.pullDomainEvents()).toEqual([]);
  });

  it('is imported with no analyzers and records PhoneNumberImported', () => {
    const phoneNumber = PhoneNumber.imported({
      id: ID,
      organizationId: ORG,
      number: NUMBER,
      twilioSid: SID,
      friendlyName: FriendlyName.parse(''),
      at: T0,
    });

    expect(phoneNumber.source).toBe('imported');
    expect(phoneNumber.friendlyName).toBeNull();
    expect(phoneNumber.analyzerIds).toEqual([]);
    expect(phoneNumber.voiceUrlStatus).toBe('not_configured');
    expect(phoneNumber.pullDomainEvents()).toEqual([
      new PhoneNumberImported(ID, T0, ORG, '+14155550100', SID.value),
    ]);
  });

  it('remembers the URL that was there when Loquent first takes the number over', () => {
    const phoneNumber = purchased();
    phoneNumber.voiceUrlConfigured(LOQUENT, CUSTOMER, T1);

    expect(phoneNumber.voiceUrlStatus).toBe('configured');
    expect(phoneNumber.previousVoiceUrl).toEqual(CUSTOMER);
    expect(phoneNumber.voiceUrlConfiguredAt).toEqual(T1);
    expect(phoneNumber.updatedAt).toEqual(T1);
    expect(phoneNumber.pullDomainEvents()).toContainEqual(
      new VoiceUrlConfigured(ID, T1, LOQUENT.value, CUSTOMER.value),
    );
  });

  it('keeps the first URL when configured twice, even if Twilio then shows Loquent or another URL', () => {
    const phoneNumber = purchased();
    phoneNumber.voiceUrlConfigured(LOQUENT, CUSTOMER, T1);
    phoneNumber.voiceUrlConfigured(LOQUENT, LOQUENT, T2);
    phoneNumber.voiceUrlFailed(T2);
    phoneNumber.voiceUrlConfigured(
      LOQUENT,
      VoiceUrl.parse('https://someone-else.example/voice'),
      T2,
    );

    expect(phoneNumber.previousVoiceUrl).toEqual(CUSTOMER);
    expect(phoneNumber.voiceUrlConfiguredAt).toEqual(T1);
    expect(phoneNumber.voiceUrlStatus).toBe('configured');
  });

  it("leaves previous_voice_url untouched when the URL found is already Loquent's own", () => {
    const phoneNumber = purchased();
    phoneNumber.voiceUrlConfigured(LOQUENT, VoiceUrl.parse(LOQUENT.value), T1);

    expect(phoneNumber.previousVoiceUrl).toBeNull();
    expect(phoneNumber.voiceUrlStatus).toBe('configured');
  });

  it('remembers that there was no URL at all', () => {
    const phoneNumber = purchased();
    phoneNumber.voiceUrlConfigured(LOQUENT, null, T1);

    expect(phoneNumber.previousVoiceUrl).toBeNull();
    expect(phoneNumber.voiceUrlConfiguredAt).toEqual(T1);
  });

  it('records a failed configuration without forgetting what was saved', () => {
    const phoneNumber = purchased();
    phoneNumber.pullDomainEvents();
    phoneNumber.voiceUrlFailed(T1);

    expect(phoneNumber.voiceUrlStatus).toBe('failed');
    expect(phoneNumber.voiceUrlConfiguredAt).toBeNull();
    expect(phoneNumber.pullDomainEvents()).toEqual([new VoiceUrlConfigurationFailed(ID, T1)]);

    phoneNumber.voiceUrlConfigured(LOQUENT, CUSTOMER, T2);
    expect(phoneNumber.previousVoiceUrl).toEqual(CUSTOMER);
  });

  it('assigns and unassigns an agent, refusing an id that is not a UUID', () => {
    const phoneNumber = purchased();
    phoneNumber.pullDomainEvents();
    const agentId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

    phoneNumber.assignAgent(agentId, T1);
    phoneNumber.assignAgent(agentId, T2);
    expect(phoneNumber.agentId).toBe(agentId);
    expect(phoneNumber.updatedAt).toEqual(T1);
    phoneNumber.assignAgent(null, T2);
    expect(phoneNumber.agentId).toBeNull();
    expect(phoneNumber.pullDomainEvents()).toEqual([
      new AgentAssigned(ID, T1, agentId),
      new AgentAssigned(ID, T2, null, agentId),
    ]);

    phoneNumber.assignAgent(agentId.toUpperCase(), T2);
    expect(phoneNumber.agentId).toBe(agentId);
    phoneNumber.assignAgent(null, T2);
    expect(() => phoneNumber.assignAgent('agent-7', T2)).toThrow(new InvalidAgentId('agent-7'));
    expect(phoneNumber.agentId).toBeNull();
  });

  it('renames, with no name as null, recording only renames that change something', () => {
    const phoneNumber = purchased();
    phoneNumber.pullDomainEvents();

    phoneNumber.rename(FriendlyName.parse('  Support '), T1);
    expect(phoneNumber.friendlyName?.value).toBe('Support');
    phoneNumber.rename(FriendlyName.parse('Support'), T2);
    phoneNumber.rename(FriendlyName.parse('   '), T2);
    expect(phoneNumber.friendlyName).toBeNull();
    expect(phoneNumber.pullDomainEvents()).toEqual([
      new PhoneNumberRenamed(ID, T1, 'Support', 'Sales'),
      new PhoneNumberRenamed(ID, T2, null, 'Support'),
    ]);
  });

  it('keeps what it can of a stored name that breaks the rule, rather than failing to load', () => {
    const stored = { ...purchased().toPrimitives(), friendlyName: ' Front\u0000desk\u202e ' };

    expect(PhoneNumber.fromPrimitives(stored).friendlyName?.value).toBe('Frontdesk');
  });

  it('knows whether it holds changes its store has not seen', () => {
    const phoneNumber = purchased();
    expect(phoneNumber.hasUnsavedChanges).toBe(true);
    phoneNumber.markPersisted(1);
    expect(phoneNumber.hasUnsavedChanges).toBe(false);
    phoneNumber.rename(phoneNumber.friendlyName, T1);
    phoneNumber.assignAgent(null, T1);
    expect(phoneNumber.hasUnsavedChanges).toBe(false);
    phoneNumber.voiceUrlConfigured(LOQUENT, CUSTOMER, T1);
    expect(phoneNumber.hasUnsavedChanges).toBe(true);
    expect(phoneNumber.version).toBe(1);
  });

  it('sets, keeps and clears its fallback and business hours, recording only real changes', () => {
    const phoneNumber = purchased();
    phoneNumber.pullDomainEvents();
    const fallback = CallFallback.parse({ action: 'say', message: 'Back at nine.' }, 'fallback');
    const hours = BusinessHours.parse({
      time_zone: 'Europe/London',
      weekly: [{ day: 'mon', from: '09:00', to: '17:00' }],
    });

    phoneNumber.changeCallHandling({ fallback, businessHours: hours }, T1);
    phoneNumber.changeCallHandling(
      { fallback: CallFallback.fromPrimitives(fallback.toPrimitives()) },
      T1,
    );
    expect(phoneNumber.isWithinHoursAt(new Date('2026-06-01T07:59:00Z'))).toBe(false); // 08:59 BST
    expect(phoneNumber.isWithinHoursAt(new Date('2026-06-01T08:00:00Z'))).toBe(true);
    phoneNumber.changeCallHandling({ businessHours: null }, T1);

    expect(phoneNumber.fallback).toBe(fallback);
    expect(phoneNumber.isWithinHoursAt(new Date('2026-06-06T03:00:00Z'))).toBe(true);
    expect(phoneNumber.pullDomainEvents().map((e) => e.eventName)).toEqual([
      'phone_number.call_handling_changed',
      'phone_number.call_handling_changed',
    ]);
    const primitives = phoneNumber.toPrimitives();
    expect(PhoneNumber.fromPrimitives(primitives).toPrimitives()).toEqual(primitives);
  });

  it('round-trips through primitives, refusing corrupted ones', () => {
    const phoneNumber = purchased();
    phoneNumber.voiceUrlConfigured(LOQUENT, CUSTOMER, T1);
    const primitives = phoneNumber.toPrimitives();

    expect(PhoneNumber.fromPrimitives(primitives).toPrimitives()).toEqual(primitives);
    expect(() => PhoneNumber.fromPrimitives({ ...primitives, number: '415-555-0100' })).toThrow();
    primitives.analyzerIds.push('mutated');
    expect(phoneNumber.analyzerIds).toEqual(['a1', 'a2']);
  });
});
