import {
  BusinessHours,
  BusinessHoursPrimitives,
} from '../call-handling/business-hours.value-object';
import { CallFallback, CallFallbackPrimitives } from '../call-handling/call-fallback.value-object';
import { AggregateRoot } from '../shared/aggregate-root';
import { isUuid } from '../shared/uuid';
import { E164Number } from './e164-number.value-object';
import { FriendlyName } from './friendly-name.value-object';
import { InvalidAgentId } from './phone-number.errors';
import {
  AgentAssigned,
  CallHandlingChanged,
  PhoneNumberImported,
  PhoneNumberPurchased,
  PhoneNumberRemoved,
  PhoneNumberRenamed,
  VoiceUrlConfigurationFailed,
  VoiceUrlConfigured,
  VoiceUrlRestored,
} from './phone-number.events';
import { TwilioNumberSid } from './twilio-number-sid.value-object';
import { VoiceUrl } from './voice-url.value-object';

export const VOICE_URL_STATUSES = ['not_configured', 'configured', 'failed'] as const;
export type VoiceUrlStatus = (typeof VOICE_URL_STATUSES)[number];

export const PHONE_NUMBER_SOURCES = ['purchased', 'imported'] as const;
export type PhoneNumberSource = (typeof PHONE_NUMBER_SOURCES)[number];

/** The stored form of a phone number, as repositories read and write it. */
export interface PhoneNumberPrimitives {
  id: string;
  organizationId: string;
  number: string;
  twilioSid: string;
  friendlyName: string | null;
  agentId: string | null;
  analyzerIds: string[];
  /** What a call gets when no agent takes it; null: the organization's default. */
  fallback: CallFallbackPrimitives | null;
  /** When the agent takes calls; null: always. */
  businessHours: BusinessHoursPrimitives | null;
  voiceUrlStatus: VoiceUrlStatus;
  previousVoiceUrl: string | null;
  voiceUrlConfiguredAt: Date | null;
  /** Whether Loquent set its own fallback URL (VOICE_FALLBACK_URL) and has not given it back. */
  voiceFallbackUrlTakenOver: boolean;
  /** The fallback URL the number had before Loquent set its own; put back by a restore. */
  previousVoiceFallbackUrl: string | null;
  source: PhoneNumberSource;
  createdAt: Date;
  updatedAt: Date;
  /**
   * How many times the stored number has been written: 0 for one never saved. A save is refused
   * (ConcurrentUpdate) when the stored version is no longer the one this copy was read at.
   */
  version: number;
}

interface PhoneNumberProps {
  id: string;
  organizationId: string;
  number: E164Number;
  twilioSid: TwilioNumberSid;
  friendlyName: FriendlyName | null;
  agentId: string | null;
  analyzerIds: string[];
  fallback: CallFallback | null;
  businessHours: BusinessHours | null;
  voiceUrlStatus: VoiceUrlStatus;
  previousVoiceUrl: VoiceUrl | null;
  voiceUrlConfiguredAt: Date | null;
  voiceFallbackUrlTakenOver: boolean;
  previousVoiceFallbackUrl: VoiceUrl | null;
  source: PhoneNumberSource;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

interface RegistrationProps {
  id: string;
  organizationId: string;
  number: E164Number;
  twilioSid: TwilioNumberSid;
  friendlyName?: FriendlyName | null;
  at: Date;
}

/**
 * A Twilio number registered to one organization. Loquent may point its voice webhook at itself;
 * it then remembers the URL that was there, once, so that URL can be put back later.
 */
export class PhoneNumber extends AggregateRoot {
  /** Whether this copy holds changes its store does not have yet. */
  #unsaved: boolean;

  private constructor(private props: PhoneNumberProps) {
    super();
    this.#unsaved = props.version === 0;
  }

  /** A number Loquent bought in the organization's account. */
  static purchased(props: RegistrationProps & { analyzerIds: readonly string[] }): PhoneNumber {
    const phoneNumber = PhoneNumber.register(props, 'purchased', canonicalIds(props.analyzerIds));
    phoneNumber.record(
      new PhoneNumberPurchased(
        props.id,
        props.at,
        props.organizationId,
        props.number.value,
        props.twilioSid.value,
      ),
    );
    return phoneNumber;
  }

  /** A number the organization already had in its account; importing changes nothing there. */
  static imported(props: RegistrationProps): PhoneNumber {
    const phoneNumber = PhoneNumber.register(props, 'imported', []);
    phoneNumber.record(
      new PhoneNumberImported(
        props.id,
        props.at,
        props.organizationId,
        props.number.value,
        props.twilioSid.value,
      ),
    );
    return phoneNumber;
  }

  private static register(
    props: RegistrationProps,
    source: PhoneNumberSource,
    analyzerIds: string[],
  ): PhoneNumber {
    return new PhoneNumber({
      id: props.id,
      organizationId: props.organizationId,
      number: props.number,
      twilioSid: props.twilioSid,
      friendlyName: props.friendlyName ?? null,
      agentId: null,
      analyzerIds,
      fallback: null,
      businessHours: null,
      voiceUrlStatus: 'not_configured',
      previousVoiceUrl: null,
      voiceUrlConfiguredAt: null,
      voiceFallbackUrlTakenOver: false,
      previousVoiceFallbackUrl: null,
      source,
      createdAt: props.at,
      updatedAt: props.at,
      version: 0,
    });
  }

  static fromPrimitives(primitives: PhoneNumberPrimitives): PhoneNumber {
    return new PhoneNumber({
      ...primitives,
      number: E164Number.parse(primitives.number),
      twilioSid: TwilioNumberSid.parse(primitives.twilioSid),
      // Stored before today's rule, a name may break it: keep what the rule allows.
      friendlyName: FriendlyName.salvage(primitives.friendlyName),
      previousVoiceUrl: VoiceUrl.parseOptional(primitives.previousVoiceUrl),
      previousVoiceFallbackUrl: VoiceUrl.parseOptional(primitives.previousVoiceFallbackUrl),
      analyzerIds: canonicalIds(primitives.analyzerIds),
      fallback: CallFallback.fromPrimitives(primitives.fallback),
      businessHours: BusinessHours.fromPrimitives(primitives.businessHours),
    });
  }

  toPrimitives(): PhoneNumberPrimitives {
    return {
      ...this.props,
      number: this.props.number.value,
      twilioSid: this.props.twilioSid.value,
      friendlyName: this.props.friendlyName?.value ?? null,
      previousVoiceUrl: this.props.previousVoiceUrl?.value ?? null,
      previousVoiceFallbackUrl: this.props.previousVoiceFallbackUrl?.value ?? null,
      analyzerIds: [...this.props.analyzerIds],
      fallback: this.props.fallback?.toPrimitives() ?? null,
      businessHours: this.props.businessHours?.toPrimitives() ?? null,
    };
  }

  get id(): string {
    return this.props.id;
  }
  get organizationId(): string {
    return this.props.organizationId;
  }
  get number(): E164Number {
    return this.props.number;
  }
  get twilioSid(): TwilioNumberSid {
    return this.props.twilioSid;
  }
  get friendlyName(): FriendlyName | null {
    return this.props.friendlyName;
  }
  get agentId(): string | null {
    return this.props.agentId;
  }
  get analyzerIds(): readonly string[] {
    return this.props.analyzerIds;
  }
  get fallback(): CallFallback | null {
    return this.props.fallback;
  }
  get businessHours(): BusinessHours | null {
    return this.props.businessHours;
  }
  get voiceUrlStatus(): VoiceUrlStatus {
    return this.props.voiceUrlStatus;
  }
  get previousVoiceUrl(): VoiceUrl | null {
    return this.props.previousVoiceUrl;
  }
  get voiceFallbackUrlTakenOver(): boolean {
    return this.props.voiceFallbackUrlTakenOver;
  }
  get previousVoiceFallbackUrl(): VoiceUrl | null {
    return this.props.previousVoiceFallbackUrl;
  }
  get voiceUrlConfiguredAt(): Date | null {
    return this.props.voiceUrlConfiguredAt;
  }
  get source(): PhoneNumberSource {
    return this.props.source;
  }
  get createdAt(): Date {
    return this.props.createdAt;
  }
  get updatedAt(): Date {
    return this.props.updatedAt;
  }
  get version(): number {
    return this.props.version;
  }

  /** Changed since it was read or saved (or never saved): a save has something to write. */
  get hasUnsavedChanges(): boolean {
    return this.#unsaved;
  }

  /** For repositories: this copy is now what is stored, at `version`. */
  markPersisted(version: number): void {
    this.props.version = version;
    this.#unsaved = false;
  }

  /**
   * Loquent's URL is now the number's voice URL. `urlThatWasThere` is what the provider had before
   * the update. Only the first takeover remembers it: configuring again, or finding Loquent's own
   * URL already there, never overwrites the URL a restore would put back.
   */
  voiceUrlConfigured(
    loquentUrl: VoiceUrl,
    urlThatWasThere: VoiceUrl | null,
    at: Date,
    /** Loquent's fallback URL was set too, over this one: remembered the same way, once. */
    fallback?: { loquentUrl: VoiceUrl; urlThatWasThere: VoiceUrl | null },
  ): void {
    const firstTakeover = this.props.voiceUrlConfiguredAt === null;
    if (firstTakeover) {
      this.props.voiceUrlConfiguredAt = at;
      if (!loquentUrl.equals(urlThatWasThere)) this.props.previousVoiceUrl = urlThatWasThere;
    }
    if (fallback && !this.props.voiceFallbackUrlTakenOver) {
      this.props.voiceFallbackUrlTakenOver = true;
      this.props.previousVoiceFallbackUrl = fallback.loquentUrl.equals(fallback.urlThatWasThere)
        ? null
        : fallback.urlThatWasThere;
    }
    this.props.voiceUrlStatus = 'configured';
    this.touch(at);
    this.record(
      new VoiceUrlConfigured(
        this.id,
        at,
        loquentUrl.value,
        this.props.previousVoiceUrl?.value ?? null,
      ),
    );
  }

  /** Pointing the number at Loquent failed; it can be retried. What was saved before is kept. */
  voiceUrlFailed(at: Date): void {
    this.props.voiceUrlStatus = 'failed';
    this.touch(at);
    this.record(new VoiceUrlConfigurationFailed(this.id, at));
  }

  /** Whether Loquent pointed the number at itself and has not given the URL back since. */
  get voiceUrlTakenOver(): boolean {
    return this.props.voiceUrlConfiguredAt !== null;
  }

  /**
   * The URL that was there before Loquent took the number over is back on it: Loquent keeps
   * nothing of the takeover, and a later configuration remembers afresh.
   */
  voiceUrlRestored(at: Date): void {
    const restored = this.props.previousVoiceUrl?.value ?? null;
    this.props.voiceUrlStatus = 'not_configured';
    this.props.previousVoiceUrl = null;
    this.props.voiceUrlConfiguredAt = null;
    this.props.voiceFallbackUrlTakenOver = false;
    this.props.previousVoiceFallbackUrl = null;
    this.touch(at);
    this.record(new VoiceUrlRestored(this.id, at, restored));
  }

  /** The number leaves Loquent (and, when released, the provider account too). */
  removed(at: Date, options: { released: boolean }): void {
    this.record(
      new PhoneNumberRemoved(this.id, at, this.organizationId, this.number.value, options.released),
    );
  }

  assignAgent(agentId: string | null, at: Date): void {
    if (agentId !== null && !isUuid(agentId)) throw new InvalidAgentId(agentId);
    // A UUID in any case is the same agent; kept as PostgreSQL gives it back.
    const canonical = agentId?.toLowerCase() ?? null;
    if (canonical === this.props.agentId) return;
    const previous = this.props.agentId;
    this.props.agentId = canonical;
    this.touch(at);
    this.record(new AgentAssigned(this.id, at, canonical, previous));
  }

  /**
   * How calls the agent does not take are handled. `undefined` leaves a part as it is; null
   * clears it (the organization's default fallback; always within hours).
   */
  changeCallHandling(
    changes: { fallback?: CallFallback | null; businessHours?: BusinessHours | null },
    at: Date,
  ): void {
    const fallback = changes.fallback === undefined ? this.props.fallback : changes.fallback;
    const businessHours =
      changes.businessHours === undefined ? this.props.businessHours : changes.businessHours;
    if (
      CallFallback.same(fallback, this.props.fallback) &&
      BusinessHours.same(businessHours, this.props.businessHours)
    ) {
      return;
    }
    const previousFallback = this.props.fallback;
    const previousBusinessHours = this.props.businessHours;
    this.props.fallback = fallback;
    this.props.businessHours = businessHours;
    this.touch(at);
    this.record(
      new CallHandlingChanged(
        this.id,
        at,
        fallback?.toPrimitives() ?? null,
        businessHours?.toPrimitives() ?? null,
        previousFallback?.toPrimitives() ?? null,
        previousBusinessHours?.toPrimitives() ?? null,
      ),
    );
  }

  /** Whether the agent takes a call at this instant: always, unless business hours say not. */
  isWithinHoursAt(instant: Date): boolean {
    return this.props.businessHours?.isOpenAt(instant) ?? true;
  }

  rename(friendlyName: FriendlyName | null, at: Date): void {
    if (FriendlyName.same(friendlyName, this.props.friendlyName)) return;
    const previous = this.props.friendlyName?.value ?? null;
    this.props.friendlyName = friendlyName;
    this.touch(at);
    this.record(new PhoneNumberRenamed(this.id, at, friendlyName?.value ?? null, previous));
  }

  private touch(at: Date): void {
    this.props.updatedAt = at;
    this.#unsaved = true;
  }
}

/** Analyzers are a set: kept sorted and without repeats, so two equal sets compare equal. */
function canonicalIds(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
}
