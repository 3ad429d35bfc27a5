import { TelephonyProviderError } from '../ports/telephony-provider.errors';
import { PhoneNumberRepository } from '../ports/phone-number.repository.port';
import { PurchaseIntents } from '../ports/purchase-intents.port';
import { IncomingNumber, TelephonyProvider } from '../ports/telephony-provider.port';

export interface ListUnsyncedNumbersQuery {
  organizationId: string;
}

export type ListUnsyncedNumbersError = TelephonyProviderError;

/**
 * The numbers in the organization's account that Loquent has not registered (to anyone) and is
 * not in the middle of buying: what can be imported. A fixed number of look-ups per provider
 * page, never one per number.
 */
export class ListUnsyncedNumbers {
  constructor(
    private readonly provider: TelephonyProvider,
    private readonly phoneNumbers: PhoneNumberRepository,
    private readonly intents: PurchaseIntents,
  ) {}

  async execute(query: ListUnsyncedNumbersQuery): Promise<IncomingNumber[]> {
    const unsynced: IncomingNumber[] = [];
    for await (const page of this.pages(query)) unsynced.push(...page);
    return unsynced;
  }

  /**
   * The same numbers a provider page at a time, as the pages arrive: for answering an account of
   * any size without holding it all. A page may be empty when all of it is registered.
   */
  async *pages(query: ListUnsyncedNumbersQuery): AsyncIterable<IncomingNumber[]> {
    for await (const page of this.provider.incomingNumberPages(query.organizationId)) {
      if (page.length === 0) continue;
      const [registered, beingPurchased] = await Promise.all([
        this.phoneNumbers.findRegisteredSids(page.map((n) => n.sid)),
        this.intents.openFor(page.map((n) => n.phoneNumber)),
      ]);
      yield page.filter(
        (incoming) =>
          !registered.has(incoming.sid.value) && !beingPurchased.has(incoming.phoneNumber.value),
      );
    }
  }
}
