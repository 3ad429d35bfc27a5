import { randomUUID } from 'node:crypto';
import {
  aPhoneNumber,
  describeAgentDirectoryContract,
  describePhoneNumberRepositoryContract,
  describeUnitOfWorkContract,
} from '@loquent/telephony-domain/testing';
import { AgentNotFound, DomainEvent, FriendlyName } from '@loquent/telephony-domain';
import { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../../test/support/postgres/test-database';
import { OrganizationAdmin } from '../organizations/organization-admin';
import { TypeOrmAgentDirectory } from './typeorm-agent-directory';
import { TypeOrmPhoneNumberRepository } from './typeorm-phone-number.repository';
import { TypeOrmUnitOfWork } from './typeorm-unit-of-work';
import { PhoneNumberEventLog } from '../events/phone-number-event-log';
import type { JobEngine } from '../webhooks/job-engine';
import { WebhookOutbox } from '../webhooks/webhook-outbox';

let dataSource: DataSource;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ dataSource, close } = await openTestDataSource());
});

afterAll(() => close());

describePhoneNumberRepositoryContract(
  { describe, it, beforeEach, afterEach, expect },
  'TypeOrmPhoneNumberRepository on PostgreSQL',
  async () => {
    await dataSource.query(
      'TRUNCATE organization, phone_number, analyzer, phone_number_analyzer, agent CASCADE',
    );
    const organizations = [randomUUID(), randomUUID()] as const;
    const analyzerId = randomUUID();
    await dataSource.query(
      `INSERT INTO organization (id, name) VALUES ($1, 'A'), ($2, 'B')`,
      organizations,
    );
    await dataSource.query(
      `INSERT INTO analyzer (id, organization_id, name, is_default) VALUES ($1, $2, 'Sentiment', true)`,
      [analyzerId, organizations[0]],
    );
    const agent = await new OrganizationAdmin(dataSource.manager).createAgent(
      organizations[0],
      'Ava',
    );
    return {
      repository: new TypeOrmPhoneNumberRepository(dataSource),
      organizations,
      analyzerIds: [analyzerId],
      agentId: agent.id,
    };
  },
);

/** No webhook endpoint exists, so no delivery is owed and the job engine is never reached. */
const unusedJobs = {
  get boss(): never {
    throw new Error('no delivery is owed, so no job may be queued');
  },
} as unknown as JobEngine;

for (const [name, eventStore] of [
  ['TypeOrmUnitOfWork on PostgreSQL', null],
  [
    'TypeOrmUnitOfWork on PostgreSQL, writing the event log with its changes',
    new PhoneNumberEventLog(new WebhookOutbox(unusedJobs)),
  ],
] as const) {
  describeUnitOfWorkContract({ describe, it, beforeEach, afterEach, expect }, name, async () => {
    await dataSource.query('TRUNCATE organization, phone_number, phone_number_events CASCADE');
    const organization = randomUUID();
    await dataSource.query(`INSERT INTO organization (id, name) VALUES ($1, 'A')`, [organization]);
    const dispatched: DomainEvent[] = [];
    return {
      unitOfWork: new TypeOrmUnitOfWork(
        dataSource,
        { publish: (events) => dispatched.push(...events) },
        eventStore,
      ),
      repository: new TypeOrmPhoneNumberRepository(dataSource),
      organization,
      dispatched: () => dispatched,
    };
  });
}

describeAgentDirectoryContract(
  { describe, it, beforeEach, afterEach, expect },
  'TypeOrmAgentDirectory on PostgreSQL',
  async () => {
    await dataSource.query('TRUNCATE organization, phone_number, agent CASCADE');
    const organizations = [randomUUID(), randomUUID()] as const;
    await dataSource.query(
      `INSERT INTO organization (id, name) VALUES ($1, 'A'), ($2, 'B')`,
      organizations,
    );
    const admin = new OrganizationAdmin(dataSource.manager);
    return {
      directory: new TypeOrmAgentDirectory(dataSource),
      organizations,
      addAgent: async (agent) =>
        void (await admin.createAgent(agent.organizationId, agent.name, agent.id)),
    };
  },
);

describe('TypeOrmPhoneNumberRepository under concurrent imports', () => {
  it('inserts many numbers that differ in what an import shares (organization, times, source) each as it is', async () => {
    await dataSource.query('TRUNCATE organization, phone_number CASCADE');
    const organizations = [randomUUID(), randomUUID()];
    await dataSource.query(
      `INSERT INTO organization (id, name) VALUES ($1, 'A'), ($2, 'B')`,
      organizations,
    );
    const repository = new TypeOrmPhoneNumberRepository(dataSource);
    const numbers = [
      aPhoneNumber()
        .withOrganization(organizations[0]!)
        .with({ source: 'imported', createdAt: new Date('2026-01-01T00:00:00Z') })
        .build(),
      aPhoneNumber()
        .withOrganization(organizations[1]!)
        .with({ source: 'purchased', createdAt: new Date('2026-02-01T00:00:00Z') })
        .build(),
    ];

    await repository.insertMany(numbers);

    for (const [i, number] of numbers.entries()) {
      const stored = await repository.findById(organizations[i]!, number.id);
      expect(stored?.toPrimitives()).toEqual({ ...number.toPrimitives(), version: 1 });
    }

    // The same instances, changed and saved after the bulk insert: stored, one version on.
    const [first] = numbers;
    first!.rename(FriendlyName.parse('Renamed after import'), new Date('2026-03-01T00:00:00Z'));
    await repository.save(first!);
    const renamed = await repository.findById(organizations[0]!, first!.id);
    expect(renamed?.toPrimitives()).toEqual({ ...first!.toPrimitives(), version: 2 });
    expect(renamed?.friendlyName?.value).toBe('Renamed after import');
  });

  it('lets ten concurrent imports of the same 500 numbers insert each row once, without an error', async () => {
    await dataSource.query(
      'TRUNCATE organization, phone_number, analyzer, phone_number_analyzer CASCADE',
    );
    const organizations = [randomUUID(), randomUUID()];
    await dataSource.query(
      `INSERT INTO organization (id, name) VALUES ($1, 'A'), ($2, 'B')`,
      organizations,
    );
    const repository = new TypeOrmPhoneNumberRepository(dataSource);
    const numbers = Array.from({ length: 500 }, (_, i) => ({
      number: `+1650555${i.toString().padStart(4, '0')}`,
      sid: `PNc${i.toString(16).padStart(31, '0')}`,
    }));

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, attempt) =>
        repository.insertMany(
          numbers.map(({ number, sid }) =>
            aPhoneNumber()
              .withOrganization(organizations[attempt % 2]!)
              .withNumber(number)
              .withTwilioSid(sid)
              .build(),
          ),
        ),
      ),
    );

    const inserted = results.reduce((sum, r) => sum + r.inserted.length, 0);
    const existed = results.reduce((sum, r) => sum + r.alreadyExisted.length, 0);
    expect(inserted).toBe(500);
    expect(existed).toBe(9 * 500);
    const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM phone_number');
    expect(count).toBe(500);
  });
});

describe('TypeOrmPhoneNumberRepository, where PostgreSQL has the last word', () => {
  it("refuses a number pointing at another organization's agent, or at no agent at all", async () => {
    await dataSource.query('TRUNCATE organization, phone_number, agent CASCADE');
    const [mine, theirs] = [randomUUID(), randomUUID()];
    await dataSource.query(`INSERT INTO organization (id, name) VALUES ($1, 'A'), ($2, 'B')`, [
      mine,
      theirs,
    ]);
    const theirAgent = await new OrganizationAdmin(dataSource.manager).createAgent(theirs, 'Eve');
    const repository = new TypeOrmPhoneNumberRepository(dataSource);
    const phoneNumber = aPhoneNumber().withOrganization(mine).build();
    await repository.save(phoneNumber);

    for (const agentId of [theirAgent.id, randomUUID()]) {
      const copy = (await repository.findById(mine, phoneNumber.id))!;
      copy.assignAgent(agentId, new Date());
      await expect(repository.save(copy)).rejects.toEqual(new AgentNotFound(agentId));
    }
    const [row] = await dataSource.query('SELECT agent_id, version FROM phone_number');
    expect(row).toEqual({ agent_id: null, version: 1 });
  });

  it('writes only the columns that changed, and leaves the analyzer links alone', async () => {
    await dataSource.query('TRUNCATE organization, phone_number, analyzer CASCADE');
    const organization = randomUUID();
    await dataSource.query(`INSERT INTO organization (id, name) VALUES ($1, 'A')`, [organization]);
    const analyzer = await new OrganizationAdmin(dataSource.manager).createAnalyzer(
      organization,
      'Sentiment',
      true,
    );
    const repository = new TypeOrmPhoneNumberRepository(dataSource);
    const phoneNumber = aPhoneNumber()
      .withOrganization(organization)
      .with({ analyzerIds: [analyzer.id] })
      .build();
    await repository.save(phoneNumber);
    const statements: string[] = [];
    const logger = dataSource.logger;
    dataSource.logger = { ...logger, logQuery: (query: string) => void statements.push(query) };
    try {
      const copy = (await repository.findById(organization, phoneNumber.id))!;
      statements.length = 0;
      copy.rename(FriendlyName.parse('Lobby'), new Date('2026-03-01T00:00:00.000Z'));
      await repository.save(copy);
    } finally {
      dataSource.logger = logger;
    }

    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(
      /UPDATE phone_number SET friendly_name = \$3::text, updated_at = \$4::timestamptz, version = version \+ 1\s+WHERE id = \$1 AND version = \$2/,
    );
    expect(statements[0]).not.toContain('phone_number_analyzer');
  });
});
