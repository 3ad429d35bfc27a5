import {
  AvailableNumberCriteria,
  AvailableNumberSearch,
} from '../available-numbers/available-number-search';
import { InvalidSearchCriteria } from '../available-numbers/available-numbers.errors';
import { TelephonyProviderError } from '../ports/telephony-provider.errors';
import { AvailableNumbersResult, TelephonyProvider } from '../ports/telephony-provider.port';

export interface SearchAvailableNumbersCommand extends AvailableNumberCriteria {
  organizationId: string;
}

export type SearchAvailableNumbersError = InvalidSearchCriteria | TelephonyProviderError;

/**
 * Numbers for sale in the organization's account: in any country and of any type the provider
 * sells, narrowed by area code, pattern, place, distance, capabilities and address requirements.
 * The criteria are checked before the provider is asked.
 */
export class SearchAvailableNumbers {
  constructor(private readonly provider: TelephonyProvider) {}

  async execute(command: SearchAvailableNumbersCommand): Promise<AvailableNumbersResult> {
    const { organizationId, ...criteria } = command;
    const search = AvailableNumberSearch.parse(criteria);
    return this.provider.searchAvailableNumbers(organizationId, search);
  }
}
