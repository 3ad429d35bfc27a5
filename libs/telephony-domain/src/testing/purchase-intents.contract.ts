import { E164Number } from '../phone-number/e164-number.value-object';
import { PurchaseInProgress } from '../phone-number/phone-number.errors';
import { TwilioNumberSid } from '../phone-number/twilio-number-sid.value-object';
import { HeldPurchaseIntent, PurchaseIntents } from '../ports/purchase-intents.port';
import { ContractTestFunctions } from './contract-test';
import { aTwilioNumberSid } from './phone-number.builder';

export interface PurchaseIntentsContractContext {
  intents: PurchaseIntents;
  /** Two organizations that exist wherever the intents are stored. */
  organizations: readonly [string, string];
}

/**
 * The behaviour every PurchaseIntents adapter must have. `test` holds the runner's functions
 * (`{ describe, it, beforeEach, afterEach, expect }`); `setUp` hands over an empty store.
 */
export function describePurchaseIntentsContract(
  test: ContractTestFunctions,
  adapterName: string,
  setUp: () => Promise<PurchaseIntentsContractContext>,
): void {
  const { describe, it, beforeEach, afterEach, expect } = test;
  describe(`${adapterName} honours the PurchaseIntents contract`, () => {
    let intents: PurchaseIntents;
    let orgA: string;
    let orgB: string;
    const held: HeldPurchaseIntent[] = [];
    const number = E164Number.parse('+14155550100');

    beforeEach(async () => {
      ({
        intents,
        organizations: [orgA, orgB],
      } = await setUp());
    });

    afterEach(async () => {
      while (held.length) await held.pop()!.release();
    });

    const begin = async (organizationId: string, n = number) => {
      const intent = await intents.begin(organizationId, n);
      held.push(intent);
      return intent;
    };

    it('records an open intent for the organization and number', async () => {
      const intent = await begin(orgA);

      expect(intent).toMatchObject({ organizationId: orgA, number });
      expect(await intents.openFor([number, E164Number.parse('+14155550101')])).toEqual(
        new Set([number.value]),
      );
      expect((await intents.open(10)).map((i) => i.id)).toEqual([intent.id]);
    });

    it('refuses a second open purchase of the same number, from any organization', async () => {
      await begin(orgA);

      await expect(intents.begin(orgA, number)).rejects.toThrow(PurchaseInProgress);
      await expect(intents.begin(orgB, number)).rejects.toThrow(PurchaseInProgress);
      await expect(begin(orgB, E164Number.parse('+14155550101'))).resolves.toBeDefined();
    });

    it('allows a new purchase once the previous one is closed', async () => {
      const completed = await begin(orgA);
      await completed.complete(TwilioNumberSid.parse(aTwilioNumberSid()));
      await completed.release();

      const again = await begin(orgB);
      await again.fail('not available');
      await again.release();

      await expect(begin(orgA)).resolves.toBeDefined();
      expect(await intents.open(10)).toHaveLength(1);
    });

    it('lets nobody else hold an intent while it is held, and anyone once it is released open', async () => {
      const intent = await begin(orgA);

      await expect(intents.tryHold(intent)).resolves.toBeNull();

      await intent.release();
      const taken = await intents.tryHold(intent);
      expect(taken).toMatchObject({ id: intent.id, organizationId: orgA });
      held.push(taken!);
      await expect(intents.tryHold(intent)).resolves.toBeNull();
    });

    it('does not hand over an intent that was closed', async () => {
      const intent = await begin(orgA);
      await intent.fail('refused');
      await intent.release();

      await expect(intents.tryHold(intent)).resolves.toBeNull();
      expect(await intents.open(10)).toEqual([]);
      expect(await intents.openFor([number])).toEqual(new Set());
    });

    it('lists open intents oldest first, up to the limit', async () => {
      const first = await begin(orgA, E164Number.parse('+14155550101'));
      const second = await begin(orgB, E164Number.parse('+14155550102'));

      expect((await intents.open(10)).map((i) => i.id)).toEqual([first.id, second.id]);
      expect((await intents.open(1)).map((i) => i.id)).toEqual([first.id]);
    });
  });
}
