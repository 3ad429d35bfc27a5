import { TwilioAccountConnections } from '../ports/twilio-account-connections.port';
import {
  NewTwilioAccountConnection,
  TwilioAccountConnection,
} from '../twilio-account/twilio-account-connection';
import { TwilioAccountSid } from '../twilio-account/twilio-account-sid.value-object';
import { TwilioAuthToken } from '../twilio-account/twilio-auth-token.value-object';
import { ContractTestFunctions } from './contract-test';
import { aTwilioAccountSid, aTwilioAuthToken } from './twilio-account.builder';

export interface TwilioAccountConnectionsContractContext {
  connections: TwilioAccountConnections;
  /** Three organizations that exist wherever the connections are stored. */
  organizations: readonly [string, string, string];
  /** The token in clear, as the adapter's own side opens what it sealed (the app's cipher). */
  open(connection: TwilioAccountConnection): string;
}

/**
 * The behaviour every TwilioAccountConnections adapter must have. `test` holds the runner's
 * functions (`{ describe, it, beforeEach, afterEach, expect }`); `setUp` hands over an empty store.
 */
export function describeTwilioAccountConnectionsContract(
  test: ContractTestFunctions,
  adapterName: string,
  setUp: () => Promise<TwilioAccountConnectionsContractContext>,
): void {
  const { describe, it, beforeEach, expect } = test;
  describe(`${adapterName} honours the TwilioAccountConnections contract`, () => {
    let connections: TwilioAccountConnections;
    let open: (connection: TwilioAccountConnection) => string;
    let orgA: string;
    let orgB: string;
    let orgC: string;

    beforeEach(async () => {
      ({
        connections,
        open,
        organizations: [orgA, orgB, orgC],
      } = await setUp());
    });

    const aConnection = (
      organizationId: string,
      overrides: Partial<NewTwilioAccountConnection> = {},
    ): NewTwilioAccountConnection => ({
      organizationId,
      accountSid: TwilioAccountSid.parse(aTwilioAccountSid()),
      authToken: TwilioAuthToken.parse(aTwilioAuthToken()),
      friendlyName: 'Acme Twilio',
      connectedAt: new Date('2026-03-01T10:00:00.000Z'),
      ...overrides,
    });

    it('finds nothing for an organization that never connected an account', async () => {
      await expect(connections.find(orgA)).resolves.toBeNull();
      await expect(connections.find('not-an-organization-id')).resolves.toBeNull();
      await expect(
        connections.findByAccountSid(TwilioAccountSid.parse(aTwilioAccountSid())),
      ).resolves.toBeNull();
    });

    it('keeps a connection as it was saved, with the token sealed and nothing of it in clear', async () => {
      const entered = aConnection(orgA);

      const saved = await connections.save(entered);

      expect(saved).toEqual({
        organizationId: orgA,
        accountSid: entered.accountSid,
        friendlyName: 'Acme Twilio',
        sealedAuthToken: expect.any(String),
        connectedAt: entered.connectedAt,
      });
      expect(saved.sealedAuthToken).not.toContain(entered.authToken.reveal());
      expect(open(saved)).toBe(entered.authToken.reveal());
      expect(await connections.find(orgA)).toEqual(saved);
      expect(await connections.findByAccountSid(entered.accountSid)).toEqual(saved);
    });

    it('keeps one connection per organization: a new one replaces the old', async () => {
      const first = aConnection(orgA);
      await connections.save(first);
      const second = aConnection(orgA, {
        friendlyName: null,
        connectedAt: new Date('2026-03-02T10:00:00.000Z'),
      });

      const saved = await connections.save(second);

      expect(await connections.find(orgA)).toEqual(saved);
      expect(open(saved)).toBe(second.authToken.reveal());
      await expect(connections.findByAccountSid(first.accountSid)).resolves.toBeNull();
    });

    it('seals afresh on every save: the same token never gives the same sealed text twice', async () => {
      const entered = aConnection(orgA);
      const first = await connections.save(entered);
      const again = await connections.save({
        ...entered,
        connectedAt: new Date('2026-03-02T10:00:00.000Z'),
      });

      expect(again.sealedAuthToken).not.toBe(first.sealedAuthToken);
      expect(open(again)).toBe(entered.authToken.reveal());
    });

    it('opens a sealed token only for the organization and account it was sealed for', async () => {
      const saved = await connections.save(aConnection(orgA));

      expect(() => open({ ...saved, organizationId: orgB })).toThrow();
      expect(() =>
        open({ ...saved, accountSid: TwilioAccountSid.parse(aTwilioAccountSid()) }),
      ).toThrow();
    });

    it("keeps each organization's connection apart", async () => {
      const a = await connections.save(aConnection(orgA));
      const b = await connections.save(aConnection(orgB));

      await expect(connections.remove(orgA)).resolves.toBe(true);

      await expect(connections.find(orgA)).resolves.toBeNull();
      expect(await connections.find(orgB)).toEqual(b);
      await expect(connections.findByAccountSid(a.accountSid)).resolves.toBeNull();
    });

    it('forgets a connection once: removing it again, or one never made, removes nothing', async () => {
      await connections.save(aConnection(orgA));

      await expect(connections.remove(orgA)).resolves.toBe(true);
      await expect(connections.remove(orgA)).resolves.toBe(false);
      await expect(connections.remove(orgB)).resolves.toBe(false);
      await expect(connections.remove('not-an-organization-id')).resolves.toBe(false);
      await expect(connections.find(orgA)).resolves.toBeNull();
    });

    it('finds the latest connection to an account that several organizations connected', async () => {
      const accountSid = TwilioAccountSid.parse(aTwilioAccountSid());
      const at = (day: number) => new Date(`2026-03-0${day}T10:00:00.000Z`);
      await connections.save(aConnection(orgA, { accountSid, connectedAt: at(1) }));
      const latest = await connections.save(aConnection(orgB, { accountSid, connectedAt: at(3) }));
      await connections.save(aConnection(orgC, { accountSid, connectedAt: at(2) }));

      expect(await connections.findByAccountSid(accountSid)).toEqual(latest);
    });
  });
}
