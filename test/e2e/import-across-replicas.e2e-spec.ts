import { bearer, TestApi, TestOrganization } from '../support/api/test-api';

/**
 * An import split over two replicas on one PostgreSQL database, as behind a round-robin load
 * balancer: get-unsynced-numbers on one, sync-numbers on the other. The page hints the listing
 * left are in the database: the other replica reads the numbers asked for from the listing's copy
 * while it is fresh, then from the pages holding them, never the account from its first page.
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

/** The account's listing, through `api`: the sids it shows, in its order. */
async function listSids(api: TestApi): Promise<string[]> {
  const listed = await unsynced(api).expect(200);
  return listed.body.numbers.map((n: { twilio_sid: string }) => n.twilio_sid);
}

describe('an import whose sync-numbers lands on the other replica', () => {
  it("imports from the listing's copy in PostgreSQL, fetching no page from Twilio again", async () => {
    one.sandbox.seedOwnedNumbers(3_500, { areaCodes: ['650'] });
    let sids: string[] = [];
    const listingPages = await pagesServedDuring(async () => {
      sids = await listSids(one);
    });
    expect(listingPages).toBe(4);
    const hints = await other.dataSource.query(
      'SELECT count(*)::int AS pages, sum(cardinality(sids))::int AS numbers, count(numbers)::int AS copies FROM twilio_page_hint',
    );
    expect(hints[0]).toEqual({ pages: 4, numbers: sids.length, copies: 4 });

    // Across two pages of the listing.
    const picked = sids.slice(900, 1_100);
    const syncPages = await pagesServedDuring(async () => {
      const response = await sync(other, picked).expect(200);
      expect(response.body).toMatchObject({ imported: picked.length, already_existed: 0 });
      const owned = new Map(one.sandbox.ownedNumbers().map((n) => [n.sid, n]));
      expect(
        response.body.numbers.map((n: { twilio_sid: string; number: string }) => [
          n.twilio_sid,
          n.number,
        ]),
      ).toEqual(picked.map((sid) => [sid, owned.get(sid)!.phoneNumber]));
    });
    expect(syncPages).toBe(0);
  });

  it('fetches only the pages holding its numbers once the copy is over a minute old', async () => {
    const sids = await listSids(one);
    await one.ageListingsPastTheirCopies();

    // The last page's numbers: read from the start, that would be every page again.
    const last = sids.slice(-400);
    const syncPages = await pagesServedDuring(async () => {
      const response = await sync(other, last).expect(200);
      expect(response.body).toMatchObject({ imported: last.length, already_existed: 0 });
    });

    expect(syncPages).toBe(1);
  });

  it('does not import again, from a copy, a number released since the listing', async () => {
    const [kept, released] = (await listSids(one)).slice(0, 2);
    const imported = await sync(one, [released!]).expect(200);
    await other.http
      .delete(`/api/phones/${imported.body.numbers[0].id}?release=true`)
      .set(bearer(org.token))
      .expect((response) => expect(response.status).toBeLessThan(300));

    const again = await sync(one, [kept!, released!]).expect(200);

    expect(again.body).toMatchObject({ imported: 1, not_in_account: [released] });
    expect(again.body.numbers[0].twilio_sid).toBe(kept);
  });

  it('still imports numbers no listing has seen, by reading the account', async () => {
    one.sandbox.seedOwnedNumbers(1);
    const added = [one.sandbox.ownedNumbers().at(-1)!.sid];

    const response = await sync(other, added).expect(200);

    expect(response.body).toMatchObject({ imported: 1 });
  });
});
