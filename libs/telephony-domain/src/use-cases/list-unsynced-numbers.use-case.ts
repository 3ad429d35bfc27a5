import { TelephonyProviderError } from '../ports/telephony-provider.errors';
import { PhoneNumberRepository } from '../ports/phone-number.repository.port';
import { IncomingNumber, TelephonyProvider } from '../ports/telephony-provider.port';

export interface ListUnsyncedNumbersQuery {
  organizationId: string;
}

export type ListUnsyncedNumbersError = TelephonyProviderError;

/**
 * The numbers in the organization's account that Loquent has not registered (to anyone): what can
 * be imported. One repository look-up per provider page, never one per number.
 */
export class ListUnsyncedNumbers {
  constructor(
    private readonly provider: TelephonyProvider,
    private readonly phoneNumbers: PhoneNumberRepository,
  ) {}

  async execute(query: ListUnsyncedNumbersQuery): Promise<IncomingNumber[]> {
    const unsynced: IncomingNumber[] = [];
    for await (const page of this.provider.incomingNumberPages(query.organizationId)) {
      if (page.length === 0) continue;
      const registered = await this.phoneNumbers.findRegisteredSids(page.map((n) => n.sid));
      for (const incoming of page) {
        if (!registered.has(incoming.sid.value)) unsynced.push(incoming);
      }
    }
    return unsynced;
  }
}
