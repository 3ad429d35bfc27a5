import { TelephonyProviderError } from '../ports/telephony-provider.errors';
import { AvailableCountry, TelephonyProvider } from '../ports/telephony-provider.port';

export interface ListAvailableCountriesCommand {
  organizationId: string;
}

export type ListAvailableCountriesError = TelephonyProviderError;

/** The countries the organization's account can buy numbers in, by name, with their types. */
export class ListAvailableCountries {
  constructor(private readonly provider: TelephonyProvider) {}

  async execute(command: ListAvailableCountriesCommand): Promise<AvailableCountry[]> {
    const countries = await this.provider.listAvailableCountries(command.organizationId);
    return [...countries].sort((a, b) => a.name.localeCompare(b.name, 'en'));
  }
}
