import { E164Number } from '../phone-number/e164-number.value-object';
import { TwilioNumberSid } from '../phone-number/twilio-number-sid.value-object';

/** An organization's recorded intent to buy a number, written before the provider is called. */
export interface PurchaseIntent {
  readonly id: string;
  readonly organizationId: string;
  readonly number: E164Number;
  readonly createdAt: Date;
}

/**
 * An open intent held by the process working on it. While held, nobody else touches it; when the
 * holder ends without closing it (crash, unknown outcome) it is abandoned, for the reconciler.
 */
export interface HeldPurchaseIntent extends PurchaseIntent {
  /** The number was bought and registered. */
  complete(twilioSid: TwilioNumberSid): Promise<void>;
  /** The provider did not sell the number. */
  fail(reason: string): Promise<void>;
  /** Lets go; an intent still open is then abandoned. Always called, once. */
  release(): Promise<void>;
}

/**
 * Purchases in progress, shared by every API process: at most one open intent per number, so a
 * number is never bought twice, and none is forgotten when a process dies mid-purchase.
 */
export abstract class PurchaseIntents {
  /**
   * Records and holds the intent to buy. Throws PurchaseInProgress when a purchase of this number
   * is already open, in this organization or another.
   */
  abstract begin(organizationId: string, number: E164Number): Promise<HeldPurchaseIntent>;

  /** Which of these numbers have an open purchase (they must not be imported meanwhile). */
  abstract openFor(numbers: readonly E164Number[]): Promise<Set<string>>;

  /** Open intents, oldest first, whether or not someone holds them. */
  abstract open(limit: number): Promise<PurchaseIntent[]>;

  /** Holds an open intent nobody holds; null when it is held or no longer open. */
  abstract tryHold(intent: PurchaseIntent): Promise<HeldPurchaseIntent | null>;
}
