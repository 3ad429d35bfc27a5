import { AreaCode } from '../phone-number/area-code.value-object';
import { InvalidAreaCode } from '../phone-number/phone-number.errors';
import { TelephonyProviderError } from '../ports/telephony-provider.errors';
import { AvailableNumber, TelephonyProvider } from '../ports/telephony-provider.port';

export interface SearchAvailableNumbersCommand {
  organizationId: string;
  areaCode: string;
}

export type SearchAvailableNumbersError = InvalidAreaCode | TelephonyProviderError;

/** US local numbers for sale in an area code, in the organization's account. */
export class SearchAvailableNumbers {
  constructor(private readonly provider: TelephonyProvider) {}

  async execute(command: SearchAvailableNumbersCommand): Promise<AvailableNumber[]> {
    const areaCode = AreaCode.parse(command.areaCode);
    return this.provider.searchAvailableLocalNumbers(command.organizationId, areaCode);
  }
}
