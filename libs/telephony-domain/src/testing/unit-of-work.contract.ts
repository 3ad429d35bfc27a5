import { FriendlyName } from '../phone-number/friendly-name.value-object';
import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import { PhoneNumberImported, PhoneNumberRenamed } from '../phone-number/phone-number.events';
import { ConcurrentUpdate } from '../phone-number/phone-number.errors';
import { PhoneNumberRepository } from '../ports/phone-number.repository.port';
import { UnitOfWork } from '../ports/unit-of-work.port';
import { DomainEvent } from '../shared/domain-event';
import { anImportedPhoneNumber, aPhoneNumber, aUsNumber } from './phone-number.builder';
import { ContractTestFunctions } from './contract-test';

export interface UnitOfWorkContractContext {
  unitOfWork: UnitOfWork;
  /** The same store, outside any unit: to set up and to look. */
  repository: PhoneNumberRepository;
  /** An organization that exists wherever the numbers are stored. */
  organization: string;
  /** The events dispatched so far, in order. */
  dispatched(): readonly DomainEvent[];
}

/**
 * The behaviour every UnitOfWork must have (the in-memory one and the database one), so use cases
 * tested on the fake behave the same in production. `setUp` hands over an empty store.
 */
export function describeUnitOfWorkContract(
  test: ContractTestFunctions,
  adapterName: string,
  setUp: () => Promise<UnitOfWorkContractContext>,
): void {
  const { describe, it, beforeEach, expect } = test;
  describe(`${adapterName} honours the UnitOfWork contract`, () => {
    let context: UnitOfWorkContractContext;
    const at = new Date('2026-03-01T00:00:00.000Z');

    beforeEach(async () => {
      context = await setUp();
    });

    it('writes what the work saved once it returns, then dispatches the events', async () => {
      const { unitOfWork, repository, organization } = context;
      const phoneNumber = aPhoneNumber().withOrganization(organization).build();
      await repository.save(phoneNumber);

      let seenInside: readonly DomainEvent[] = [];
      await unitOfWork.run(async ({ phoneNumbers }) => {
        const copy = (await phoneNumbers.findById(organization, phoneNumber.id))!;
        copy.rename(FriendlyName.parse('Reception'), at);
        await phoneNumbers.save(copy);
        seenInside = [...context.dispatched()];
      });

      expect(seenInside).toEqual([]);
      expect(context.dispatched()).toEqual([
        new PhoneNumberRenamed(phoneNumber.id, at, 'Reception'),
      ]);
      const stored = await repository.findById(organization, phoneNumber.id);
      expect(stored?.friendlyName?.value).toBe('Reception');
      expect(stored?.version).toBe(2);
    });

    it('writes nothing and dispatches nothing when the work throws', async () => {
      const { unitOfWork, repository, organization } = context;
      const fresh = aPhoneNumber().withOrganization(organization).build();

      await expect(
        unitOfWork.run(async ({ phoneNumbers }) => {
          await phoneNumbers.save(fresh);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');

      await expect(repository.findById(organization, fresh.id)).resolves.toBeNull();
      expect(context.dispatched()).toEqual([]);
    });

    it('writes none of a unit when one of its saves meets a newer version', async () => {
      const { unitOfWork, repository, organization } = context;
      const stored = aPhoneNumber().withOrganization(organization).build();
      await repository.save(stored);
      const stale = (await repository.findById(organization, stored.id))!;
      const newer = (await repository.findById(organization, stored.id))!;
      newer.rename(FriendlyName.parse('Newer'), at);
      await repository.save(newer);
      const fresh = aPhoneNumber().withOrganization(organization).build();

      await expect(
        unitOfWork.run(async ({ phoneNumbers }) => {
          await phoneNumbers.save(fresh);
          stale.rename(FriendlyName.parse('Stale'), at);
          await phoneNumbers.save(stale);
        }),
      ).rejects.toBeInstanceOf(ConcurrentUpdate);

      await expect(repository.findById(organization, fresh.id)).resolves.toBeNull();
      expect((await repository.findById(organization, stored.id))?.friendlyName?.value).toBe(
        'Newer',
      );
      expect(context.dispatched()).toEqual([]);
    });

    it('takes back what insertMany wrote when the rest of the unit fails', async () => {
      const { unitOfWork, repository, organization } = context;
      const imported = aPhoneNumber().withOrganization(organization).build();

      await expect(
        unitOfWork.run(async ({ phoneNumbers }) => {
          const { inserted } = await phoneNumbers.insertMany([imported]);
          expect(inserted).toHaveLength(1);
          throw new Error('the page could not be answered');
        }),
      ).rejects.toThrow('the page could not be answered');

      await expect(repository.findById(organization, imported.id)).resolves.toBeNull();
      expect(context.dispatched()).toEqual([]);
    });

    describe('insertMany, a unit of its own', () => {
      const anImportedNumber = (organization: string, number?: string, twilioSid?: string) =>
        anImportedPhoneNumber(organization, { number, twilioSid, at });
      const importedEvent = (phoneNumber: PhoneNumber) =>
        new PhoneNumberImported(
          phoneNumber.id,
          at,
          phoneNumber.organizationId,
          phoneNumber.number.value,
          phoneNumber.twilioSid.value,
        );

      it('registers the numbers not registered yet and dispatches their events only', async () => {
        const { unitOfWork, repository, organization } = context;
        const registered = aPhoneNumber().withOrganization(organization).build();
        await repository.save(registered);
        const [first, second] = [anImportedNumber(organization), anImportedNumber(organization)];
        const sameNumber = anImportedNumber(organization, registered.number.value);
        const sameSid = anImportedNumber(organization, aUsNumber(), registered.twilioSid.value);

        const result = await unitOfWork.insertMany([first!, sameNumber, second!, sameSid]);

        expect(result.inserted).toEqual([first, second]);
        expect(result.alreadyExisted).toEqual([sameNumber, sameSid]);
        expect(context.dispatched()).toEqual([importedEvent(first!), importedEvent(second!)]);
        expect([first!.version, second!.version]).toEqual([1, 1]);
        expect((await repository.findById(organization, second!.id))?.toPrimitives()).toEqual(
          second!.toPrimitives(),
        );
        await expect(repository.findById(organization, sameNumber.id)).resolves.toBeNull();
      });

      it('registers nothing twice when the same numbers arrive again', async () => {
        const { unitOfWork, organization } = context;
        const numbers = [anImportedNumber(organization), anImportedNumber(organization)];
        await unitOfWork.insertMany(numbers);
        const again = numbers.map((number) =>
          anImportedNumber(organization, number.number.value, number.twilioSid.value),
        );

        const result = await unitOfWork.insertMany(again);

        expect(result).toEqual({ inserted: [], alreadyExisted: again });
        expect(context.dispatched()).toEqual(numbers.map(importedEvent));
      });

      it('accepts an empty batch, writing and dispatching nothing', async () => {
        await expect(context.unitOfWork.insertMany([])).resolves.toEqual({
          inserted: [],
          alreadyExisted: [],
        });
        expect(context.dispatched()).toEqual([]);
      });
    });

    it('holds saves and deletes until the work returns: reads inside see what is committed', async () => {
      const { unitOfWork, repository, organization } = context;
      const removed = aPhoneNumber().withOrganization(organization).build();
      await repository.save(removed);
      const fresh = aPhoneNumber().withOrganization(organization).build();

      await unitOfWork.run(async ({ phoneNumbers }) => {
        await phoneNumbers.save(fresh);
        await phoneNumbers.delete(removed);
        await expect(phoneNumbers.findById(organization, fresh.id)).resolves.toBeNull();
        await expect(phoneNumbers.findById(organization, removed.id)).resolves.not.toBeNull();
      });

      await expect(repository.findById(organization, fresh.id)).resolves.not.toBeNull();
      await expect(repository.findById(organization, removed.id)).resolves.toBeNull();
      expect(fresh.version).toBe(1);
    });
  });
}
