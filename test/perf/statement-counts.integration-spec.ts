import type { Logger, QueryRunner } from 'typeorm';
import { TwilioSandbox } from '@loquent/twilio-sandbox';
import { JobEngine, WEBHOOK_DELIVERY_QUEUE } from '../../apps/api/src/webhooks/job-engine';
import { bearer, TestApi, TestOrganization } from '../support/api/test-api';

jest.setTimeout(120_000);

/** Twilio's page size as the adapter asks for it (INCOMING_NUMBERS_PAGE_SIZE). */
const PAGE = 1000;
const SMALL = 1000;
const LARGE = 3 * SMALL;

/**
 * Every statement TypeORM sends on behalf of the app. PostgresQueryRunner.query (and stream) call
 * `dataSource.logger.logQuery` for every statement whatever the `logging` option, including
 * START TRANSACTION and COMMIT, so a logger that counts sees them all: no pg_stat_statements
 * needed, and it works on any PostgreSQL.
 */
class StatementCounter implements Logger {
  private statements: string[] = [];

  constructor(private readonly inner: Logger) {}

  /** The statements run by `work`. */
  async during(work: () => Promise<unknown>): Promise<string[]> {
    this.statements = [];
    await work();
    return this.statements;
  }

  logQuery(query: string, parameters?: unknown[], queryRunner?: QueryRunner): void {
    this.statements.push(query.replace(/\s+/g, ' ').trim());
    this.inner.logQuery(query, parameters, queryRunner);
  }
  logQueryError(error: string | Error, query: string, parameters?: unknown[]): void {
    this.inner.logQueryError(error, query, parameters);
  }
  logQuerySlow(time: number, query: string, parameters?: unknown[]): void {
    this.inner.logQuerySlow(time, query, parameters);
  }
  logSchemaBuild(message: string): void {
    this.inner.logSchemaBuild(message);
  }
  logMigration(message: string): void {
    this.inner.logMigration(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    this.inner.log(level, message);
  }
}

/**
 * Look-ups every request may make once, whatever the data: the auth guard's organization check
 * (cached for a while) and the organization's own Twilio account (read afresh, so replicas agree).
 * Counted apart, so the comparison is about the route's own work.
 */
const PER_REQUEST_LOOKUP = /FROM "?(organization|twilio_account_connection)"? /;

interface Counts {
  own: number;
  lookups: number;
  statements: string[];
}

const split = (statements: string[]): Counts => ({
  own: statements.filter((s) => !PER_REQUEST_LOOKUP.test(s)).length,
  lookups: statements.filter((s) => PER_REQUEST_LOOKUP.test(s)).length,
  statements,
});

interface SizeCounts {
  wholeList: Counts;
  page: Counts;
  unsynced: Counts;
  /** One entry per sync-numbers request of 1,000 sids, in order. */
  sync: Counts[];
}

/** An account of `size` numbers, imported whole, then listed; the statements of each request. */
async function countFor(size: number): Promise<SizeCounts> {
  const sandbox = await TwilioSandbox.start({ seed: 'empty' });
  const api = await TestApi.start({ sandbox });
  try {
    const counter = new StatementCounter(api.dataSource.logger);
    api.dataSource.logger = counter;
    sandbox.seedOwnedNumbers(size);
    const org: TestOrganization = await api.createOrganization();
    const auth = bearer(org.token);

    let sids: string[] = [];
    const unsyncedStatements = await counter.during(async () => {
      const response = await api.http.post('/api/twilio/get-unsynced-numbers').set(auth).send({});
      expect(response.status).toBe(200);
      expect(response.body.numbers).toHaveLength(size);
      sids = response.body.numbers.map((n: { twilio_sid: string }) => n.twilio_sid);
    });

    const sync: Counts[] = [];
    for (let offset = 0; offset < sids.length; offset += PAGE) {
      const batch = sids.slice(offset, offset + PAGE);
      sync.push(
        split(
          await counter.during(async () => {
            const response = await api.http
              .post('/api/twilio/sync-numbers')
              .set(auth)
              .send({ twilio_sids: batch });
            expect(response.status).toBe(200);
            expect(response.body.imported).toBe(batch.length);
          }),
        ),
      );
    }

    const wholeList = await counter.during(async () => {
      const response = await api.http.get('/api/phones').set(auth);
      expect(response.status).toBe(200);
      expect(response.body).toHaveLength(size);
    });
    const page = await counter.during(async () => {
      const response = await api.http.get('/api/phones?limit=100').set(auth);
      expect(response.status).toBe(200);
      expect(response.body).toHaveLength(100);
      expect(response.headers.link).toContain('rel="next"');
    });
    return {
      wholeList: split(wholeList),
      page: split(page),
      unsynced: split(unsyncedStatements),
      sync,
    };
  } finally {
    await api.close();
    await sandbox.stop();
  }
}

describe('SQL statements per request (no N+1)', () => {
  let small: SizeCounts;
  let large: SizeCounts;

  beforeAll(async () => {
    small = await countFor(SMALL);
    large = await countFor(LARGE);
  });

  it('lists the whole organization and a page with the same statements at 1,000 and 3,000 numbers', () => {
    expect(large.wholeList.own).toBe(small.wholeList.own);
    expect(large.page.own).toBe(small.page.own);
    // One statement each, seen although it goes to pg directly (it is logged as TypeORM's are).
    expect(small.wholeList.own).toBe(1);
    expect(small.page.own).toBe(1);
  });

  it('finds the unsynced numbers with a fixed number of statements per account page', () => {
    const pages = { small: SMALL / PAGE, large: LARGE / PAGE };
    const perPage = (large.unsynced.own - small.unsynced.own) / (pages.large - pages.small);
    expect(perPage).toBeGreaterThan(0);
    expect(perPage).toBeLessThanOrEqual(3);
    // What is left is per request, not per page: the same at both sizes.
    expect(small.unsynced.own - perPage * pages.small).toBe(
      large.unsynced.own - perPage * pages.large,
    );
    expect(large.unsynced.own).toBeLessThan(LARGE / 100);
  });

  it('imports 1,000 sids with the same statements whichever page of the account they are on', () => {
    expect(small.sync).toHaveLength(SMALL / PAGE);
    expect(large.sync).toHaveLength(LARGE / PAGE);
    const perRequest = small.sync[0]!.own;
    expect(perRequest).toBeGreaterThan(0);
    expect(perRequest).toBeLessThanOrEqual(4);
    // A page's numbers and their events go in one statement of their own: no transaction.
    for (const request of [...small.sync, ...large.sync]) {
      expect(request.statements.filter((s) => s === 'START TRANSACTION')).toHaveLength(0);
      expect(
        request.statements.filter((s) =>
          /^WITH inserted AS \( INSERT INTO phone_number .* INSERT INTO phone_number_events/.test(
            s,
          ),
        ),
      ).toHaveLength(1);
    }
    for (const request of large.sync) expect(request.own).toBe(perRequest);
    const total = (counts: SizeCounts) => counts.sync.reduce((sum, c) => sum + c.own, 0);
    expect(total(large)).toBe(3 * total(small));
  });

  it('looks the organization and its Twilio account up at most once per request', () => {
    for (const counts of [small, large]) {
      for (const request of [counts.wholeList, counts.page, counts.unsynced, ...counts.sync]) {
        expect(request.lookups).toBeLessThanOrEqual(2);
      }
    }
  });
});

describe('SQL statements per change of one number', () => {
  let api: TestApi;
  let sandbox: TwilioSandbox;
  let counter: StatementCounter;
  let org: TestOrganization;

  beforeAll(async () => {
    sandbox = await TwilioSandbox.start({ seed: 'demo' });
    api = await TestApi.start({ sandbox });
    counter = new StatementCounter(api.dataSource.logger);
    api.dataSource.logger = counter;
    org = await api.createOrganization();
    // The organization's first request looks it up; these counts are about the route's own work.
    await api.http.get('/api/phones').set(bearer(org.token)).expect(200);
  });

  afterAll(async () => {
    await api.close();
    await sandbox.stop();
  });

  const buy = (number: string) =>
    api.http
      .post('/api/twilio/buy-phone-number')
      .set(bearer(org.token))
      .send({ phone_number: number, friendly_name: 'Front desk' })
      .expect(201);

  it('buys a number in 7 statements, the account look-up among them (15 before), none rewriting what did not change', async () => {
    const [number] = sandbox.availableNumbers('415');
    let id = '';

    const statements = split(await counter.during(async () => (id = (await buy(number!)).body.id)));

    // The organization's buy counter (shared by the replicas), intent (held in the same
    // statement), registered? with the default analyzers, the number with its analyzer links and
    // its event (with the event's webhook deliveries), intent closed (and let go), the voice URL
    // outcome with its event: 6, and no transaction (each write is one statement).
    expect(statements.own).toBe(6);
    // The organization's Twilio account, read once for the purchase and the voice URL both.
    expect(statements.lookups).toBe(1);
    expect(statements.statements[0]).toMatch(/^INSERT INTO rate_limit_counter /);
    expect(statements.statements.filter((s) => /\bFROM analyzer\b/.test(s))).toEqual([
      expect.stringMatching(/^SELECT EXISTS \(SELECT 1 FROM phone_number WHERE number = \$1\)/),
    ]);
    expect(statements.statements.filter((s) => s.includes('phone_number_analyzer'))).toHaveLength(
      1,
    );
    expect(statements.statements.filter((s) => s === 'START TRANSACTION')).toHaveLength(0);
    expect(
      statements.statements.filter((s) => s.includes('INSERT INTO phone_number_events')),
    ).toHaveLength(2);
    const voiceUrlSave = statements.statements.find((s) =>
      s.startsWith('WITH updated AS ( UPDATE phone_number SET voice_url_status'),
    )!;
    expect(voiceUrlSave).toMatch(/INSERT INTO phone_number_events/);
    expect(voiceUrlSave.slice(0, voiceUrlSave.indexOf('RETURNING'))).not.toMatch(
      /friendly_name|agent_id|organization_id/,
    );
    const stored = await api.http.get(`/api/phones/${id}`).set(bearer(org.token)).expect(200);
    expect(stored.body).toMatchObject({
      voice_url_status: 'configured',
      analyzer_ids: org.defaultAnalyzerIds,
    });
  });

  it('buys a number in the same 7 statements and 2 job inserts for an organization with a webhook endpoint', async () => {
    const subscriber = await api.createOrganization('Subscriber');
    await api.http
      .post('/api/webhook-endpoints')
      .set(bearer(subscriber.token))
      .send({ url: 'http://127.0.0.1:9/hook' })
      .expect(201);
    await api.http.get('/api/phones').set(bearer(subscriber.token)).expect(200);
    const [number] = sandbox.availableNumbers('415');
    const jobs = jest.spyOn(api.app.get(JobEngine).boss, 'insert');

    const statements = split(
      await counter.during(() =>
        api.http
          .post('/api/twilio/buy-phone-number')
          .set(bearer(subscriber.token))
          .send({ phone_number: number })
          .expect(201),
      ),
    );

    // The same 6 (and the account look-up), and after each of the two writes (committed already)
    // one statement of the job engine's (on its own connections) queuing that write's deliveries.
    expect(statements.own).toBe(6);
    expect(statements.statements.filter((s) => s === 'START TRANSACTION')).toHaveLength(0);
    expect(jobs.mock.calls.map(([queue, queued]) => [queue, queued.length])).toEqual([
      [WEBHOOK_DELIVERY_QUEUE, 1],
      [WEBHOOK_DELIVERY_QUEUE, 1],
    ]);
    jobs.mockRestore();
  });

  it('renames a number in 2 statements, and assigns an agent in 3', async () => {
    const [number] = sandbox.availableNumbers('415');
    const { id } = (await buy(number!)).body;

    const rename = await counter.during(() =>
      api.http
        .put(`/api/phones/${id}`)
        .set(bearer(org.token))
        .send({ friendly_name: 'Lobby' })
        .expect(200),
    );
    const assign = await counter.during(() =>
      api.http
        .put(`/api/phones/${id}`)
        .set(bearer(org.token))
        .send({ agent_id: org.agentId })
        .expect(200),
    );

    // Read, then UPDATE … WHERE id = $1 AND version = $2 of the changed columns only, with its
    // event (and the event's webhook deliveries) in the same statement.
    expect(split(rename).own).toBe(2);
    expect(rename.find((s) => s.includes('UPDATE phone_number'))).toMatch(
      /SET friendly_name = \$3::text, updated_at = \$4::timestamptz, version = version \+ 1 WHERE id = \$1 AND version = \$2/,
    );
    // Is the agent the organization's?, then the same.
    expect(split(assign).own).toBe(3);
  });
});
