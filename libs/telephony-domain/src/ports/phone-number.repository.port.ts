import { E164Number } from '../phone-number/e164-number.value-object';
import {
  PhoneNumber,
  PhoneNumberSource,
  VoiceUrlStatus,
} from '../phone-number/phone-number.aggregate';
import { TwilioNumberSid } from '../phone-number/twilio-number-sid.value-object';

/** One row of an organization's list: the number's own fields, nothing that needs a join. */
export interface PhoneNumberSummary {
  id: string;
  number: string;
  twilioSid: string;
  friendlyName: string | null;
  agentId: string | null;
  voiceUrlStatus: VoiceUrlStatus;
  source: PhoneNumberSource;
  createdAt: Date;
}

/** Keyset page of an organization's numbers in ascending `number` order. */
export interface PhoneNumberListQuery {
  organizationId: string;
  /** Only numbers after this one; null for the first page. */
  after: E164Number | null;
  /** At most this many; null for every remaining number. */
  limit: number | null;
}

export interface InsertManyResult {
  /** The numbers that were inserted, in the order given. */
  inserted: PhoneNumber[];
  /** The numbers whose sid or number was already registered (to this or another organization). */
  alreadyExisted: PhoneNumber[];
}

export abstract class PhoneNumberRepository {
  /** The number with this id if it belongs to this organization; another's is never returned. */
  abstract findById(organizationId: string, id: string): Promise<PhoneNumber | null>;

  /** The number registered with this E.164 number, in whichever organization (to route a call). */
  abstract findByNumber(number: E164Number): Promise<PhoneNumber | null>;

  /** Which of these sids are registered in Loquent, in any organization. */
  abstract findRegisteredSids(sids: readonly TwilioNumberSid[]): Promise<Set<string>>;

  /** Whether this number is registered in Loquent, in any organization. */
  abstract isNumberRegistered(number: E164Number): Promise<boolean>;

  abstract list(query: PhoneNumberListQuery): Promise<PhoneNumberSummary[]>;

  /**
   * Inserts a new number (version 0) with its analyzers, or writes what changed in a stored one,
   * atomically, and marks the copy persisted at its new version. Throws NumberAlreadyRegistered
   * when a new number's sid or E.164 number is already registered, and ConcurrentUpdate when the
   * stored number is no longer at the version this copy was read at (or is gone): nothing is
   * written then. Never publishes or pulls the aggregate's events.
   */
  abstract save(phoneNumber: PhoneNumber): Promise<void>;

  /** Removes the number and its analyzer links; removing one already gone is not an error. */
  abstract delete(phoneNumber: PhoneNumber): Promise<void>;

  /**
   * Inserts numbers that are not registered yet, in one statement per call, and tells inserted
   * from already registered. Never fails because one of them already exists.
   */
  abstract insertMany(phoneNumbers: readonly PhoneNumber[]): Promise<InsertManyResult>;
}
