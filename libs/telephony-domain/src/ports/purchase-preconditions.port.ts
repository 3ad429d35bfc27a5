import { E164Number } from '../phone-number/e164-number.value-object';

/** What registering a purchased number needs to know first, read at once. */
export interface PurchasePreconditionsRead {
  /** Whether the number is registered in Loquent already, in any organization. */
  numberRegistered: boolean;
  /** The analyzers the organization attaches to every number it buys, in a stable order. */
  defaultAnalyzerIds: string[];
}

/**
 * The reads a buy makes before it spends money (and the reconciler before it registers a number
 * it found bought), together: on every buy they are one round trip, not two. Both answers are
 * read from what is committed when it is called, so a caller that holds the number's purchase
 * intent sees any purchase that finished before it took the intent.
 */
export abstract class PurchasePreconditions {
  abstract read(organizationId: string, number: E164Number): Promise<PurchasePreconditionsRead>;
}
