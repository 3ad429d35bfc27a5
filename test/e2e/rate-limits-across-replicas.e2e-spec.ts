import { bearer, TestApi, TestOrganization } from '../support/api/test-api';
import { testRedisUrl } from '../support/redis/test-redis';

/**
 * Two replicas of the API on one PostgreSQL database, as behind a round-robin load balancer: an
 * organization's limit of N buys a minute admits N in total, not N on each replica. Counted in
 * PostgreSQL by default, in Redis when REDIS_URL is set (skipped outside CI when no Redis answers).
 */
const BUYS_PER_MINUTE = 3;
const REDIS_URL = testRedisUrl();
const STORES: [string, string | null][] = [['PostgreSQL', null]];
if (REDIS_URL) STORES.push(['Redis', REDIS_URL]);

describe.each(STORES)('a buy limit across two replicas, counted in %s', (_store, redisUrl) => {
  let one: TestApi;
  let other: TestApi;
  let org: TestOrganization;

  beforeAll(async () => {
    one = await TestApi.start({
      rateLimits: { searchPerMinute: 10_000, buyPerMinute: BUYS_PER_MINUTE },
      overrides: { redisUrl },
    });
    other = await one.replica();
    org = await one.createOrganization('Limited');
  });

  afterAll(async () => {
    await other?.close();
    await one?.close();
  });

  it(`admits ${BUYS_PER_MINUTE} buys a minute in total, whichever replica takes them`, async () => {
    const numbers = one.sandbox.availableNumbers('415').slice(0, 2 * BUYS_PER_MINUTE);
    const statuses: number[] = [];
    for (const [i, number] of numbers.entries()) {
      const api = i % 2 === 0 ? one : other;
      const response = await api.http
        .post('/api/twilio/buy-phone-number')
        .set(bearer(org.token))
        .send({ phone_number: number });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(response.body).toMatchObject({ status: 429, code: 'rate_limited' });
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      }
    }

    expect(statuses).toEqual([
      ...Array<number>(BUYS_PER_MINUTE).fill(201),
      ...Array<number>(BUYS_PER_MINUTE).fill(429),
    ]);
    const rows = await one.dataSource.query('SELECT count(*)::int AS n FROM phone_number');
    expect(rows[0].n).toBe(BUYS_PER_MINUTE);
  });
});
