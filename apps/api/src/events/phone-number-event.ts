import {
  AgentAssigned,
  BusinessHours,
  CallFallback,
  CallHandlingChanged,
  DomainEvent,
  PhoneNumberImported,
  PhoneNumberMissingFromAccount,
  PhoneNumberPurchased,
  PhoneNumberRemoved,
  PhoneNumberRenamed,
  VoiceUrlConfigurationFailed,
  VoiceUrlConfigured,
  VoiceUrlDrifted,
  VoiceUrlRestored,
} from '@loquent/telephony-domain';
import type { Actor } from './audit-context';

/** The types of numbers' events, as consumers (the audit API, webhooks) see them. */
export const PHONE_NUMBER_EVENT_TYPES = [
  'phone_number.purchased',
  'phone_number.imported',
  'phone_number.renamed',
  'phone_number.agent_assigned',
  'phone_number.call_handling_changed',
  'phone_number.voice_url_configured',
  'phone_number.voice_url_configuration_failed',
  'phone_number.voice_url_restored',
  'phone_number.removed',
  'phone_number.released',
  'phone_number.voice_url_drifted',
  'phone_number.missing_from_account',
] as const;
export type PhoneNumberEventType = (typeof PHONE_NUMBER_EVENT_TYPES)[number];

export function isPhoneNumberEventType(value: string): value is PhoneNumberEventType {
  return (PHONE_NUMBER_EVENT_TYPES as readonly string[]).includes(value);
}

/** A field's value: text, a flag, or a part of the call handling (a fallback, business hours). */
type FieldValue = string | boolean | null | object;
type Fields = Record<string, FieldValue>;

/** What changed: the fields an event touched, as they were and as they are (null: none). */
export interface EventChange {
  before: Fields | null;
  after: Fields | null;
}

/** One row of the event log (phone_number_events). */
export interface PhoneNumberEventRecord {
  id: string;
  organizationId: string;
  phoneNumberId: string;
  type: PhoneNumberEventType;
  occurredAt: Date;
  actor: string;
  requestId: string | null;
  data: EventChange;
}

/** A domain event of a number as its record: the consumers' type name and what changed. */
export function eventRecord(
  id: string,
  organizationId: string,
  event: DomainEvent,
  actor: Actor,
): PhoneNumberEventRecord {
  const { type, data } = typeAndChange(event);
  return {
    id,
    organizationId,
    phoneNumberId: event.aggregateId,
    type,
    occurredAt: event.occurredOn,
    actor: actor.actor,
    requestId: actor.requestId,
    data,
  };
}

function typeAndChange(event: DomainEvent): { type: PhoneNumberEventType; data: EventChange } {
  if (event instanceof PhoneNumberPurchased || event instanceof PhoneNumberImported) {
    return {
      type: event.eventName,
      data: { before: null, after: { number: event.number, twilio_sid: event.twilioSid } },
    };
  }
  if (event instanceof PhoneNumberRenamed) {
    return {
      type: event.eventName,
      data: {
        before: { friendly_name: event.previousFriendlyName },
        after: { friendly_name: event.friendlyName },
      },
    };
  }
  if (event instanceof AgentAssigned) {
    return {
      type: event.eventName,
      data: { before: { agent_id: event.previousAgentId }, after: { agent_id: event.agentId } },
    };
  }
  if (event instanceof CallHandlingChanged) {
    return {
      type: event.eventName,
      data: {
        before: {
          fallback: CallFallback.fromPrimitives(event.previousFallback)?.toJSON() ?? null,
          business_hours:
            BusinessHours.fromPrimitives(event.previousBusinessHours)?.toJSON() ?? null,
        },
        after: {
          fallback: CallFallback.fromPrimitives(event.fallback)?.toJSON() ?? null,
          business_hours: BusinessHours.fromPrimitives(event.businessHours)?.toJSON() ?? null,
        },
      },
    };
  }
  if (event instanceof VoiceUrlConfigured) {
    return {
      type: event.eventName,
      data: {
        before: { voice_url: event.previousVoiceUrl },
        after: { voice_url: event.voiceUrl, voice_url_status: 'configured' },
      },
    };
  }
  if (event instanceof VoiceUrlConfigurationFailed) {
    return { type: event.eventName, data: { before: null, after: { voice_url_status: 'failed' } } };
  }
  if (event instanceof VoiceUrlRestored) {
    return {
      type: event.eventName,
      data: {
        before: { voice_url_status: 'configured' },
        after: { voice_url: event.restoredVoiceUrl, voice_url_status: 'not_configured' },
      },
    };
  }
  if (event instanceof PhoneNumberRemoved) {
    return {
      type: event.released ? 'phone_number.released' : 'phone_number.removed',
      data: { before: { number: event.number }, after: null },
    };
  }
  if (event instanceof VoiceUrlDrifted) {
    return {
      type: event.eventName,
      data: {
        before: { voice_url: event.expectedVoiceUrl },
        after: { voice_url: event.foundVoiceUrl },
      },
    };
  }
  if (event instanceof PhoneNumberMissingFromAccount) {
    return {
      type: event.eventName,
      data: { before: { number: event.number, twilio_sid: event.twilioSid }, after: null },
    };
  }
  throw new Error(`No record is defined for the domain event ${event.eventName}`);
}
