import { E164Number } from '../phone-number/e164-number.value-object';
import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import { PurchasePreconditions } from '../ports/purchase-preconditions.port';
import { ContractTestFunctions } from './contract-test';
import { aPhoneNumber } from './phone-number.builder';

export interface PurchasePreconditionsContractContext {
  preconditions: PurchasePreconditions;
  /** Two organizations that exist wherever the adapter reads. */
  organizations: readonly [string, string];
  /** Registers a number the way the application does (its repository's save). */
  register(phoneNumber: PhoneNumber): Promise<void>;
  /** Makes these analyzers (created now, under these ids) the organization's defaults. */
  setDefaultAnalyzers(organizationId: string, analyzerIds: string[]): Promise<void>;
}

/** The behaviour every PurchasePreconditions must have; `setUp` hands over empty storage. */
export function describePurchasePreconditionsContract(
  test: ContractTestFunctions,
  adapterName: string,
  setUp: () => Promise<PurchasePreconditionsContractContext>,
): void {
  const { describe, it, beforeEach, expect } = test;
  describe(`${adapterName} honours the PurchasePreconditions contract`, () => {
    let context: PurchasePreconditionsContractContext;
    let orgA: string;
    let orgB: string;
    const number = E164Number.parse('+14155550100');

    beforeEach(async () => {
      context = await setUp();
      [orgA, orgB] = context.organizations;
    });

    it('reads a number registered in any organization as registered', async () => {
      await context.register(
        aPhoneNumber().withOrganization(orgB).withNumber(number.value).build(),
      );

      await expect(context.preconditions.read(orgA, number)).resolves.toEqual({
        numberRegistered: true,
        defaultAnalyzerIds: [],
      });
      await expect(
        context.preconditions.read(orgA, E164Number.parse('+14155550199')),
      ).resolves.toEqual({ numberRegistered: false, defaultAnalyzerIds: [] });
    });

    it("reads the organization's default analyzers in id order, and no other organization's", async () => {
      await context.setDefaultAnalyzers(orgA, [
        'a0000000-0000-4000-8000-000000000002',
        'a0000000-0000-4000-8000-000000000001',
      ]);
      await context.setDefaultAnalyzers(orgB, ['a0000000-0000-4000-8000-000000000003']);

      await expect(context.preconditions.read(orgA, number)).resolves.toEqual({
        numberRegistered: false,
        defaultAnalyzerIds: [
          'a0000000-0000-4000-8000-000000000001',
          'a0000000-0000-4000-8000-000000000002',
        ],
      });
    });

    it('reads an organization it does not know, or an id that is no uuid, as having no analyzers', async () => {
      await context.setDefaultAnalyzers(orgA, ['a0000000-0000-4000-8000-000000000001']);

      for (const organizationId of ['a0000000-0000-4000-8000-0000000000ee', 'not-a-uuid']) {
        await expect(context.preconditions.read(organizationId, number)).resolves.toEqual({
          numberRegistered: false,
          defaultAnalyzerIds: [],
        });
      }
    });
  });
}
