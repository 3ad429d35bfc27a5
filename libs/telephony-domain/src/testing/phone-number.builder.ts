import { E164Number } from '../phone-number/e164-number.value-object';
import { PhoneNumber, PhoneNumberPrimitives } from '../phone-number/phone-number.aggregate';
import { TwilioNumberSid } from '../phone-number/twilio-number-sid.value-object';

let sequence = 0;

/** A valid Twilio number sid, distinct for each n. */
export function aTwilioNumberSid(n = ++sequence): string {
  // A fixed first digit, then n in hex: distinct for every n (padding with 'a' would not be).
  return `PNa${n.toString(16).padStart(31, '0')}`;
}

/** A possible US number, distinct for each n below 10 million. */
export function aUsNumber(n = ++sequence, areaCode = '415'): string {
  return E164Number.parse(`+1${areaCode}${n.toString().padStart(7, '0')}`).value;
}

/** Builds PhoneNumber aggregates for tests: `aPhoneNumber().withOrganization(org).build()`. */
export class PhoneNumberBuilder {
  private primitives: PhoneNumberPrimitives;

  constructor() {
    const n = ++sequence;
    const at = new Date('2026-01-01T00:00:00.000Z');
    this.primitives = {
      id: `00000000-0000-4000-9000-${n.toString(16).padStart(12, '0')}`,
      organizationId: '00000000-0000-4000-a000-000000000001',
      number: aUsNumber(n),
      twilioSid: aTwilioNumberSid(n),
      friendlyName: null,
      agentId: null,
      analyzerIds: [],
      fallback: null,
      businessHours: null,
      voiceUrlStatus: 'not_configured',
      previousVoiceUrl: null,
      voiceUrlConfiguredAt: null,
      voiceFallbackUrlTakenOver: false,
      previousVoiceFallbackUrl: null,
      source: 'imported',
      createdAt: at,
      updatedAt: at,
      // Never saved: a repository inserts it.
      version: 0,
    };
  }

  with(overrides: Partial<PhoneNumberPrimitives>): this {
    this.primitives = { ...this.primitives, ...overrides };
    return this;
  }

  withOrganization(organizationId: string): this {
    return this.with({ organizationId });
  }

  withNumber(number: string): this {
    return this.with({ number });
  }

  withTwilioSid(twilioSid: string): this {
    return this.with({ twilioSid });
  }

  build(): PhoneNumber {
    return PhoneNumber.fromPrimitives(this.primitives);
  }
}

export function aPhoneNumber(): PhoneNumberBuilder {
  return new PhoneNumberBuilder();
}

/**
 * A number as an import registers it (PhoneNumber.imported, recording its PhoneNumberImported
 * event), never saved; a distinct number, sid and id unless given.
 */
export function anImportedPhoneNumber(
  organizationId: string,
  given: { id?: string; number?: string; twilioSid?: string; at?: Date } = {},
): PhoneNumber {
  const n = ++sequence;
  return PhoneNumber.imported({
    id: given.id ?? `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
    organizationId,
    number: E164Number.parse(given.number ?? aUsNumber(n)),
    twilioSid: TwilioNumberSid.parse(given.twilioSid ?? aTwilioNumberSid(n)),
    friendlyName: null,
    at: given.at ?? new Date('2026-01-01T00:00:00.000Z'),
  });
}
