import { ProviderChangeLocks } from '../ports/provider-change-locks.port';
import { ContractTestFunctions } from './contract-test';

export interface ProviderChangeLocksContractContext {
  locks: ProviderChangeLocks;
  /** Ids of numbers that exist wherever the locks are kept. */
  phoneNumberIds(count: number): Promise<string[]>;
}

/** The behaviour every ProviderChangeLocks must have. */
export function describeProviderChangeLocksContract(
  test: ContractTestFunctions,
  adapterName: string,
  setUp: () => Promise<ProviderChangeLocksContractContext>,
): void {
  const { describe, it, beforeEach, expect } = test;
  describe(`${adapterName} honours the ProviderChangeLocks contract`, () => {
    let context: ProviderChangeLocksContractContext;

    beforeEach(async () => {
      context = await setUp();
    });

    /** Work that stays inside until let go, counting how many are inside at once. */
    function gatedWork() {
      let inside = 0;
      let most = 0;
      const gates: (() => void)[] = [];
      let onEnter = () => undefined as void;
      return {
        most: () => most,
        inside: () => inside,
        /** Resolves once `count` works are inside. */
        untilInside: (count: number) =>
          new Promise<void>((resolve) => {
            onEnter = () => void (inside >= count && resolve());
            onEnter();
          }),
        /** Lets every work inside finish. */
        letOut: () => {
          inside -= gates.length;
          gates.splice(0).forEach((open) => open());
        },
        run: async () => {
          inside++;
          most = Math.max(most, inside);
          onEnter();
          await new Promise<void>((open) => gates.push(open));
        },
      };
    }

    it('runs the works of one number one at a time', async () => {
      const [id] = await context.phoneNumberIds(1);
      const work = gatedWork();

      const runs = Array.from({ length: 5 }, () => context.locks.exclusively(id!, work.run));
      for (let i = 0; i < 5; i++) {
        await work.untilInside(1);
        expect(work.inside()).toBe(1);
        work.letOut();
      }
      await Promise.all(runs);

      expect(work.most()).toBe(1);
    });

    it('runs the works of different numbers at the same time', async () => {
      const ids = await context.phoneNumberIds(12);
      const work = gatedWork();

      const runs = ids.map((id) => context.locks.exclusively(id, work.run));
      await work.untilInside(ids.length);
      work.letOut();
      await Promise.all(runs);

      expect(work.most()).toBe(ids.length);
    });

    it('lets go when the work fails, and hands back what the work returns', async () => {
      const [id] = await context.phoneNumberIds(1);

      await expect(
        context.locks.exclusively(id!, async () => {
          throw new Error('Twilio said no');
        }),
      ).rejects.toThrow('Twilio said no');
      await expect(context.locks.exclusively(id!, async () => 'done')).resolves.toBe('done');
    });
  });
}
