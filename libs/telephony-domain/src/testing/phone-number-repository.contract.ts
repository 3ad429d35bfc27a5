import { E164Number } from '../phone-number/e164-number.value-object';
import { FriendlyName } from '../phone-number/friendly-name.value-object';
import { ConcurrentUpdate, NumberAlreadyRegistered } from '../phone-number/phone-number.errors';
import { TwilioNumberSid } from '../phone-number/twilio-number-sid.value-object';
import { VoiceUrl } from '../phone-number/voice-url.value-object';
import { PhoneNumberRepository } from '../ports/phone-number.repository.port';
import { ContractTestFunctions } from './contract-test';
import { aPhoneNumber, aTwilioNumberSid } from './phone-number.builder';

export interface PhoneNumberRepositoryContractContext {
  repository: PhoneNumberRepository;
  /** Two organizations that exist wherever the repository stores numbers. */
  organizations: readonly [string, string];
  /** Analyzer ids of the first organization that a number may reference. */
  analyzerIds: readonly string[];
  /** An agent of the first organization that a number may be assigned. */
  agentId: string;
}

/**
 * The behaviour every PhoneNumberRepository must have. Run it against each adapter (the in-memory
 * fake and the database one) so that the fake cannot drift from the real thing. `test` holds the
 * runner's functions (`{ describe, it, beforeEach, afterEach, expect }`); `setUp` runs before each
 * test and must hand over an empty repository.
 */
export function describePhoneNumberRepositoryContract(
  test: ContractTestFunctions,
  adapterName: string,
  setUp: () => Promise<PhoneNumberRepositoryContractContext>,
): void {
  const { describe, it, beforeEach, expect } = test;
  describe(`${adapterName} honours the PhoneNumberRepository contract`, () => {
    let repository: PhoneNumberRepository;
    let orgA: string;
    let orgB: string;
    let analyzerIds: readonly string[];
    let agentId: string;

    beforeEach(async () => {
      const context = await setUp();
      repository = context.repository;
      [orgA, orgB] = context.organizations;
      analyzerIds = context.analyzerIds;
      agentId = context.agentId;
    });

    it('returns a saved number with every field as it was saved', async () => {
      const phoneNumber = aPhoneNumber()
        .withOrganization(orgA)
        .with({
          friendlyName: 'Front desk',
          agentId,
          analyzerIds: [...analyzerIds],
          voiceUrlStatus: 'configured',
          previousVoiceUrl: 'https://example.com/old-voice',
          voiceUrlConfiguredAt: new Date('2026-02-03T04:05:06.789Z'),
          source: 'purchased',
          createdAt: new Date('2026-02-01T00:00:00.123Z'),
          updatedAt: new Date('2026-02-03T04:05:06.789Z'),
        })
        .build();

      await repository.save(phoneNumber);

      const found = await repository.findById(orgA, phoneNumber.id);
      expect(found?.toPrimitives()).toEqual(phoneNumber.toPrimitives());
    });

    it('never returns a number to another organization', async () => {
      const phoneNumber = aPhoneNumber().withOrganization(orgA).build();
      await repository.save(phoneNumber);

      await expect(repository.findById(orgB, phoneNumber.id)).resolves.toBeNull();
      await expect(
        repository.findById(orgA, '5f0e8d4c-0000-4000-8000-000000000000'),
      ).resolves.toBeNull();
    });

    it('saves changes to a number it already holds', async () => {
      const phoneNumber = aPhoneNumber().withOrganization(orgA).build();
      await repository.save(phoneNumber);

      const at = new Date('2026-03-01T00:00:00.000Z');
      phoneNumber.rename(FriendlyName.parse('Support line'), at);
      phoneNumber.voiceUrlConfigured(
        VoiceUrl.parse('https://loquent.test/twilio/voice'),
        VoiceUrl.parse('https://example.com/previous'),
        at,
      );
      await repository.save(phoneNumber);

      const found = await repository.findById(orgA, phoneNumber.id);
      expect(found?.toPrimitives()).toEqual(phoneNumber.toPrimitives());
    });

    it('stores a new number at version 1, and each save that changes it moves the version on', async () => {
      const phoneNumber = aPhoneNumber().withOrganization(orgA).build();
      expect(phoneNumber.version).toBe(0);

      await repository.save(phoneNumber);
      expect(phoneNumber.version).toBe(1);
      phoneNumber.rename(FriendlyName.parse('One'), new Date('2026-03-01T00:00:00.000Z'));
      await repository.save(phoneNumber);
      phoneNumber.assignAgent(agentId, new Date('2026-03-02T00:00:00.000Z'));
      await repository.save(phoneNumber);

      expect(phoneNumber.version).toBe(3);
      const found = await repository.findById(orgA, phoneNumber.id);
      expect(found?.version).toBe(3);
      expect(found?.toPrimitives()).toEqual(phoneNumber.toPrimitives());
    });

    it('writes nothing, and keeps the version, when a copy has not changed since it was read', async () => {
      const phoneNumber = aPhoneNumber().withOrganization(orgA).build();
      await repository.save(phoneNumber);
      const unchanged = (await repository.findById(orgA, phoneNumber.id))!;

      await repository.save(unchanged);
      unchanged.rename(unchanged.friendlyName, new Date('2026-03-01T00:00:00.000Z'));
      await repository.save(unchanged);

      expect((await repository.findById(orgA, phoneNumber.id))?.version).toBe(1);
    });

    it('refuses to save a copy read before another save of the number, and writes none of it', async () => {
      const phoneNumber = aPhoneNumber()
        .withOrganization(orgA)
        .with({ friendlyName: 'Before', analyzerIds: [...analyzerIds] })
        .build();
      await repository.save(phoneNumber);
      const first = (await repository.findById(orgA, phoneNumber.id))!;
      const second = (await repository.findById(orgA, phoneNumber.id))!;
      const at = new Date('2026-03-01T00:00:00.000Z');

      first.rename(FriendlyName.parse('Renamed first'), at);
      await repository.save(first);
      second.assignAgent(agentId, at);
      second.voiceUrlConfigured(
        VoiceUrl.parse('https://loquent.test/twilio/voice'),
        VoiceUrl.parse('https://example.com/previous'),
        at,
      );
      await expect(repository.save(second)).rejects.toBeInstanceOf(ConcurrentUpdate);

      const stored = await repository.findById(orgA, phoneNumber.id);
      expect(stored?.toPrimitives()).toEqual(first.toPrimitives());
      expect(stored?.version).toBe(2);
      expect(second.version).toBe(1);
    });

    it('refuses every stale copy but one when many were read at the same version', async () => {
      const phoneNumber = aPhoneNumber().withOrganization(orgA).build();
      await repository.save(phoneNumber);
      const copies = await Promise.all(
        Array.from({ length: 8 }, () => repository.findById(orgA, phoneNumber.id)),
      );

      const outcomes = await Promise.allSettled(
        copies.map((copy, i) => {
          copy!.rename(FriendlyName.parse(`Name ${i}`), new Date('2026-03-01T00:00:00.000Z'));
          return repository.save(copy!);
        }),
      );

      const saved = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
      expect(saved).toHaveLength(1);
      for (const outcome of outcomes.filter((o) => o.status === 'rejected')) {
        expect(outcome.reason).toBeInstanceOf(ConcurrentUpdate);
      }
      const stored = await repository.findById(orgA, phoneNumber.id);
      expect(stored?.friendlyName?.value).toBe(`Name ${saved[0]}`);
      expect(stored?.version).toBe(2);
    });

    it('refuses to save a copy of a number deleted since it was read', async () => {
      const phoneNumber = aPhoneNumber().withOrganization(orgA).build();
      await repository.save(phoneNumber);
      const stale = (await repository.findById(orgA, phoneNumber.id))!;
      await repository.delete(phoneNumber);

      stale.rename(FriendlyName.parse('Ghost'), new Date('2026-03-01T00:00:00.000Z'));
      await expect(repository.save(stale)).rejects.toBeInstanceOf(ConcurrentUpdate);
      await expect(repository.findById(orgA, phoneNumber.id)).resolves.toBeNull();
    });

    it('refuses a new number whose E.164 number or sid is registered, in any organization', async () => {
      const existing = aPhoneNumber().withOrganization(orgA).build();
      await repository.save(existing);

      const sameNumber = aPhoneNumber()
        .withOrganization(orgB)
        .withNumber(existing.number.value)
        .build();
      await expect(repository.save(sameNumber)).rejects.toBeInstanceOf(NumberAlreadyRegistered);
      const sameSid = aPhoneNumber()
        .withOrganization(orgA)
        .withTwilioSid(existing.twilioSid.value)
        .build();
      await expect(repository.save(sameSid)).rejects.toBeInstanceOf(NumberAlreadyRegistered);

      await expect(repository.findById(orgB, sameNumber.id)).resolves.toBeNull();
      await expect(repository.findById(orgA, sameSid.id)).resolves.toBeNull();
    });

    it('inserts many at once and tells inserted from already registered', async () => {
      const ownedByA = aPhoneNumber().withOrganization(orgA).build();
      const ownedByB = aPhoneNumber().withOrganization(orgB).build();
      await repository.save(ownedByA);
      await repository.save(ownedByB);
      const fresh1 = aPhoneNumber().withOrganization(orgA).build();
      const fresh2 = aPhoneNumber().withOrganization(orgA).build();
      const againA = aPhoneNumber()
        .withOrganization(orgA)
        .withTwilioSid(ownedByA.twilioSid.value)
        .withNumber(ownedByA.number.value)
        .build();
      const againB = aPhoneNumber()
        .withOrganization(orgA)
        .withTwilioSid(ownedByB.twilioSid.value)
        .withNumber(ownedByB.number.value)
        .build();

      const result = await repository.insertMany([fresh1, againA, fresh2, againB]);

      expect(result.inserted.map((n) => n.id)).toEqual([fresh1.id, fresh2.id]);
      expect(result.alreadyExisted.map((n) => n.id)).toEqual([againA.id, againB.id]);
      expect((await repository.findById(orgA, fresh2.id))?.toPrimitives()).toEqual(
        fresh2.toPrimitives(),
      );
      await expect(repository.findById(orgA, againB.id)).resolves.toBeNull();

      const second = await repository.insertMany([fresh1, fresh2]);
      expect(second.inserted).toEqual([]);
      expect(second.alreadyExisted.map((n) => n.id)).toEqual([fresh1.id, fresh2.id]);
    });

    it('accepts an empty batch', async () => {
      await expect(repository.insertMany([])).resolves.toEqual({
        inserted: [],
        alreadyExisted: [],
      });
    });

    it('finds which sids and numbers are registered, across organizations', async () => {
      const a = aPhoneNumber().withOrganization(orgA).build();
      const b = aPhoneNumber().withOrganization(orgB).build();
      await repository.insertMany([a, b]);
      const unknownSid = TwilioNumberSid.parse(aTwilioNumberSid());

      const registered = await repository.findRegisteredSids([
        a.twilioSid,
        unknownSid,
        b.twilioSid,
      ]);

      expect([...registered].sort()).toEqual([a.twilioSid.value, b.twilioSid.value].sort());
      await expect(repository.findRegisteredSids([])).resolves.toEqual(new Set());
      await expect(repository.isNumberRegistered(b.number)).resolves.toBe(true);
      await expect(repository.isNumberRegistered(E164Number.parse('+14155550199'))).resolves.toBe(
        false,
      );
    });

    it("lists an organization's numbers in E.164 order, a keyset page at a time", async () => {
      const numbers = ['+14155550103', '+12125550101', '+13105550102', '+16465550104'];
      const mine = numbers.map((number) =>
        aPhoneNumber().withOrganization(orgA).withNumber(number).build(),
      );
      await repository.insertMany([
        ...mine,
        aPhoneNumber().withOrganization(orgB).withNumber('+12125550100').build(),
      ]);

      const all = await repository.list({ organizationId: orgA, after: null, limit: null });
      expect(all.map((n) => n.number)).toEqual([...numbers].sort());
      const first = mine.find((n) => n.number.value === '+12125550101')!;
      expect(all[0]).toEqual({
        id: first.id,
        number: '+12125550101',
        twilioSid: first.twilioSid.value,
        friendlyName: null,
        agentId: null,
        voiceUrlStatus: 'not_configured',
        source: 'imported',
        createdAt: first.createdAt,
      });

      const page = await repository.list({
        organizationId: orgA,
        after: E164Number.parse('+13105550102'),
        limit: 1,
      });
      expect(page.map((n) => n.number)).toEqual(['+14155550103']);
      await expect(
        repository.list({
          organizationId: orgA,
          after: E164Number.parse('+16465550104'),
          limit: 10,
        }),
      ).resolves.toEqual([]);
    });

    it('finds a number by its E.164 number, in whichever organization', async () => {
      const phoneNumber = aPhoneNumber().withOrganization(orgB).withNumber('+14155550177').build();
      await repository.save(phoneNumber);

      expect(
        (await repository.findByNumber(E164Number.parse('+14155550177')))?.toPrimitives(),
      ).toEqual(phoneNumber.toPrimitives());
      await expect(repository.findByNumber(E164Number.parse('+14155550178'))).resolves.toBeNull();
    });

    it('deletes a number with its analyzers, and deleting it again changes nothing', async () => {
      const phoneNumber = aPhoneNumber()
        .withOrganization(orgA)
        .with({ analyzerIds: [...analyzerIds] })
        .build();
      const kept = aPhoneNumber().withOrganization(orgA).build();
      await repository.insertMany([phoneNumber, kept]);

      await repository.delete(phoneNumber);
      await repository.delete(phoneNumber);

      await expect(repository.findById(orgA, phoneNumber.id)).resolves.toBeNull();
      await expect(repository.isNumberRegistered(phoneNumber.number)).resolves.toBe(false);
      await expect(repository.findById(orgA, kept.id)).resolves.not.toBeNull();
      await repository.save(
        aPhoneNumber().withOrganization(orgB).withNumber(phoneNumber.number.value).build(),
      );
    });
  });
}
