import type { BusinessHoursPrimitives } from '../call-handling/business-hours.value-object';
import type { CallFallbackPrimitives } from '../call-handling/call-fallback.value-object';
import { DomainEvent } from '../shared/domain-event';

export class PhoneNumberPurchased extends DomainEvent {
  readonly eventName = 'phone_number.purchased';

  constructor(
    aggregateId: string,
    occurredOn: Date,
    readonly organizationId: string,
    readonly number: string,
    readonly twilioSid: string,
  ) {
    super(aggregateId, occurredOn);
  }
}

export class PhoneNumberImported extends DomainEvent {
  readonly eventName = 'phone_number.imported';

  constructor(
    aggregateId: string,
    occurredOn: Date,
    readonly organizationId: string,
    readonly number: string,
    readonly twilioSid: string,
  ) {
    super(aggregateId, occurredOn);
  }
}

export class VoiceUrlConfigured extends DomainEvent {
  readonly eventName = 'phone_number.voice_url_configured';

  constructor(
    aggregateId: string,
    occurredOn: Date,
    readonly voiceUrl: string,
    readonly previousVoiceUrl: string | null,
  ) {
    super(aggregateId, occurredOn);
  }
}

export class VoiceUrlConfigurationFailed extends DomainEvent {
  readonly eventName = 'phone_number.voice_url_configuration_failed';

  constructor(aggregateId: string, occurredOn: Date) {
    super(aggregateId, occurredOn);
  }
}

export class AgentAssigned extends DomainEvent {
  readonly eventName = 'phone_number.agent_assigned';

  constructor(
    aggregateId: string,
    occurredOn: Date,
    readonly agentId: string | null,
    readonly previousAgentId: string | null = null,
  ) {
    super(aggregateId, occurredOn);
  }
}

export class PhoneNumberRenamed extends DomainEvent {
  readonly eventName = 'phone_number.renamed';

  constructor(
    aggregateId: string,
    occurredOn: Date,
    readonly friendlyName: string | null,
    readonly previousFriendlyName: string | null = null,
  ) {
    super(aggregateId, occurredOn);
  }
}

export class VoiceUrlRestored extends DomainEvent {
  readonly eventName = 'phone_number.voice_url_restored';

  constructor(
    aggregateId: string,
    occurredOn: Date,
    readonly restoredVoiceUrl: string | null,
  ) {
    super(aggregateId, occurredOn);
  }
}

export class PhoneNumberRemoved extends DomainEvent {
  readonly eventName = 'phone_number.removed';

  constructor(
    aggregateId: string,
    occurredOn: Date,
    readonly organizationId: string,
    readonly number: string,
    readonly released: boolean,
  ) {
    super(aggregateId, occurredOn);
  }
}

/** The number's own fallback or business hours changed (null: none of its own). */
export class CallHandlingChanged extends DomainEvent {
  readonly eventName = 'phone_number.call_handling_changed';

  constructor(
    aggregateId: string,
    occurredOn: Date,
    readonly fallback: CallFallbackPrimitives | null,
    readonly businessHours: BusinessHoursPrimitives | null,
    readonly previousFallback: CallFallbackPrimitives | null,
    readonly previousBusinessHours: BusinessHoursPrimitives | null,
  ) {
    super(aggregateId, occurredOn);
  }
}

/**
 * A number Loquent configured to call it now has another voice URL at the provider (changed there
 * behind Loquent's back), as the drift check found it.
 */
export class VoiceUrlDrifted extends DomainEvent {
  readonly eventName = 'phone_number.voice_url_drifted';

  constructor(
    aggregateId: string,
    occurredOn: Date,
    readonly expectedVoiceUrl: string,
    readonly foundVoiceUrl: string | null,
  ) {
    super(aggregateId, occurredOn);
  }
}

/** A registered number the drift check no longer found in the provider account. */
export class PhoneNumberMissingFromAccount extends DomainEvent {
  readonly eventName = 'phone_number.missing_from_account';

  constructor(
    aggregateId: string,
    occurredOn: Date,
    readonly number: string,
    readonly twilioSid: string,
  ) {
    super(aggregateId, occurredOn);
  }
}
