import { bearer, TestApi, TestOrganization } from '../support/api/test-api';

/**
 * An import split over two replicas on one PostgreSQL database, as behind a round-robin load
 * balancer: get-unsynced-numbers on one, sync-numbers on the other. The page hints the listing
 * left are in the database, so the other replica fetches the pages holding the numbers asked for,
 * not the account from its first page.
 */
let one: TestApi;
let other: TestApi;
let org: TestOrganization;

beforeAll(async () => {
  one = await TestApi.start();
  other = await one.replica();
  org = await one.createOrganization('Split import');
});

afterAll(async () => {
  await other?.close();
  await one?.close();
});

const unsynced = (api: TestApi) =>
  api.http.post('/api/twilio/get-unsynced-numbers').set(bearer(org.token)).send({});
const sync = (api: TestApi, sids: string[]) =>
  api.http.post('/api/twilio/sync-numbers').set(bearer(org.token)).send({ twilio_sids: sids });
/** The pages of the account's listing Twilio served while `work` ran. */
async function pagesServedDuring(work: () => Promise<unknown>): Promise<number> {
  const before = one.sandbox.countOf('listIncomingNumbers');
  await work();
  return one.sandbox.countOf('listIncomingNumbers') - before;
}

describe('an import whose sync-numbers lands on the other replica', () => {
  it('reads the pages holding its numbers from the hints the listing left in PostgreSQL', async () => {
    one.sandbox.seedOwnedNumbers(3_500, { areaCodes: ['650'] });
    let sids: string[] = [];
    const listingPages = await pagesServedDuring(async () => {
      const listed = await unsynced(one).expect(200);
      sids = listed.body.numbers.map((n: { twilio_sid: string }) => n.twilio_sid);
    });
    expect(listingPages).toBe(4);

    // The last page's numbers: read from the start, that would be every page again.
    const last = sids.slice(3_000);
    const syncPages = await pagesServedDuring(async () => {
      const response = await sync(other, last).expect(200);
      expect(response.body).toMatchObject({ imported: last.length, already_existed: 0 });
    });

    expect(syncPages).toBe(1);
    const hints = await other.dataSource.query(
      'SELECT count(*)::int AS pages, sum(cardinality(sids))::int AS numbers FROM twilio_page_hint',
    );
    expect(hints[0]).toEqual({ pages: 4, numbers: sids.length });
  });

  it('still imports numbers no listing has seen, by reading the account', async () => {
    one.sandbox.seedOwnedNumbers(1);
    const added = [one.sandbox.ownedNumbers().at(-1)!.sid];

    const response = await sync(other, added).expect(200);

    expect(response.body).toMatchObject({ imported: 1 });
  });
});
