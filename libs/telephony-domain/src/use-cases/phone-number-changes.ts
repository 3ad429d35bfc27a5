import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import { ConcurrentUpdate, PhoneNumberNotFound } from '../phone-number/phone-number.errors';
import { UnitOfWork } from '../ports/unit-of-work.port';

/** How many times a change is applied again before the caller gets ConcurrentUpdate. */
export const CHANGE_ATTEMPTS = 10;

/**
 * Saves one change of a number in a unit of work, with the version check. When another request
 * saved the number first, the number is read again and the same change applied to what it is now,
 * up to CHANGE_ATTEMPTS times. Only for changes that mean the same whatever else changed meanwhile
 * (a rename, an agent, what the provider now says about the voice URL): the change is replayed on
 * the fresh copy, never merged field by field, so the other request's change is kept too.
 */
export class PhoneNumberChanges {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly attempts = CHANGE_ATTEMPTS,
  ) {}

  /** The number as stored now; PhoneNumberNotFound when the organization has no such number. */
  async load(organizationId: string, phoneNumberId: string): Promise<PhoneNumber> {
    const phoneNumber = await this.unitOfWork.run(({ phoneNumbers }) =>
      phoneNumbers.findById(organizationId, phoneNumberId),
    );
    if (!phoneNumber) throw new PhoneNumberNotFound(phoneNumberId);
    return phoneNumber;
  }

  /** Reads the number, applies `change` and saves it. PhoneNumberNotFound when it is not there. */
  apply(
    organizationId: string,
    phoneNumberId: string,
    change: (phoneNumber: PhoneNumber) => void,
  ): Promise<PhoneNumber> {
    return this.attempt(organizationId, phoneNumberId, null, change);
  }

  /** The same, starting from a copy the caller already read (and has not changed yet). */
  applyTo(loaded: PhoneNumber, change: (phoneNumber: PhoneNumber) => void): Promise<PhoneNumber> {
    return this.attempt(loaded.organizationId, loaded.id, loaded, change);
  }

  private async attempt(
    organizationId: string,
    phoneNumberId: string,
    loaded: PhoneNumber | null,
    change: (phoneNumber: PhoneNumber) => void,
  ): Promise<PhoneNumber> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.unitOfWork.run(async ({ phoneNumbers }) => {
          const phoneNumber =
            attempt === 1 && loaded
              ? loaded
              : await phoneNumbers.findById(organizationId, phoneNumberId);
          // Removed meanwhile: there is nothing left to change.
          if (!phoneNumber) throw new PhoneNumberNotFound(phoneNumberId);
          change(phoneNumber);
          await phoneNumbers.save(phoneNumber);
          return phoneNumber;
        });
      } catch (error) {
        if (!(error instanceof ConcurrentUpdate) || attempt >= this.attempts) throw error;
      }
    }
  }
}
