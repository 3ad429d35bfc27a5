import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import { PhoneNumberNotFound } from '../phone-number/phone-number.errors';
import { PhoneNumberRepository } from '../ports/phone-number.repository.port';

export interface GetPhoneNumberQuery {
  organizationId: string;
  phoneNumberId: string;
}

export type GetPhoneNumberError = PhoneNumberNotFound;

/** One of the organization's numbers; another organization's is "not found", never "forbidden". */
export class GetPhoneNumber {
  constructor(private readonly phoneNumbers: PhoneNumberRepository) {}

  async execute(query: GetPhoneNumberQuery): Promise<PhoneNumber> {
    const phoneNumber = await this.phoneNumbers.findById(query.organizationId, query.phoneNumberId);
    if (!phoneNumber) throw new PhoneNumberNotFound(query.phoneNumberId);
    return phoneNumber;
  }
}
