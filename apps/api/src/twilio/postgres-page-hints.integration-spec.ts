import { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../../test/support/postgres/test-database';
import {
  AccountPageIndex,
  ListedNumber,
  PAGE_COPY_FRESH_MS,
  PAGE_INDEX_TTL_MS,
  PageLocation,
} from './account-page-index';
import { LayeredPageHints, PostgresPageHints } from './postgres-page-hints';

const ACCOUNT = 'AC00000000000000000000000000000001';
const OTHER_ACCOUNT = 'AC00000000000000000000000000000002';
const FIRST: PageLocation = { kind: 'first' };
const SECOND: PageLocation = {
  kind: 'url',
  url: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/IncomingPhoneNumbers.json?PageSize=2&Page=1&PageToken=PAx`,
};

const listed = (n: number, overrides: Partial<ListedNumber> = {}): ListedNumber => ({
  sid: `PN${String(n).padStart(32, '0')}`,
  phone_number: `+1650555${String(n).padStart(4, '0')}`,
  friendly_name: `Line ${n}`,
  voice_url: null,
  voice_fallback_url: null,
  ...overrides,
});

let dataSource: DataSource;
let close: () => Promise<void>;
let hints: PostgresPageHints;

beforeAll(async () => {
  ({ dataSource, close } = await openTestDataSource());
});
afterAll(() => close());
beforeEach(async () => {
  await dataSource.query('TRUNCATE twilio_page_hint');
  hints = new PostgresPageHints(dataSource);
});

/** A listing of `pages`, each page's numbers as given; complete. */
async function list(account: string, pages: [PageLocation, ListedNumber[]][]): Promise<void> {
  const recorder = hints.beginListing(account);
  for (const [location, numbers] of pages) {
    await recorder.page(location, numbers);
  }
  await recorder.complete();
}

describe('PostgresPageHints, the copies of listed pages', () => {
  it("gives a page's numbers as the listing read them, on any replica, while fresh", async () => {
    // Names that JSON and arrays must carry intact: quotes, commas, braces, backslashes, none.
    const first = [
      listed(1, { friendly_name: 'Sales, "East" {main} \\ line' }),
      listed(2, { friendly_name: null, voice_url: 'https://old.example.com/voice' }),
    ];
    const second = [listed(3, { voice_fallback_url: 'https://old.example.com/fallback' })];
    await list(ACCOUNT, [
      [FIRST, first],
      [SECOND, second],
    ]);

    // Another replica: its own PostgresPageHints on the same database.
    const replica = new PostgresPageHints(dataSource);
    await expect(replica.recentCopy(ACCOUNT, FIRST)).resolves.toEqual(first);
    await expect(replica.recentCopy(ACCOUNT, SECOND)).resolves.toEqual(second);
    await expect(replica.locate(ACCOUNT, [listed(3).sid, listed(1).sid])).resolves.toEqual({
      pages: [FIRST, SECOND],
    });
  });

  it('has no copy of a page no listing read, nor of another account', async () => {
    await list(ACCOUNT, [[FIRST, [listed(1)]]]);

    await expect(hints.recentCopy(ACCOUNT, SECOND)).resolves.toBeNull();
    await expect(hints.recentCopy(OTHER_ACCOUNT, FIRST)).resolves.toBeNull();
  });

  it('gives the latest listing of the page, not an earlier one', async () => {
    await list(ACCOUNT, [[FIRST, [listed(1, { friendly_name: 'Before' })]]]);
    await list(ACCOUNT, [[FIRST, [listed(1, { friendly_name: 'After' })]]]);

    await expect(hints.recentCopy(ACCOUNT, FIRST)).resolves.toEqual([
      listed(1, { friendly_name: 'After' }),
    ]);
  });

  it('stops giving a copy older than the freshness window, and the page is fetched instead', async () => {
    await list(ACCOUNT, [[FIRST, [listed(1)]]]);
    await dataSource.query(
      `UPDATE twilio_page_hint SET seen_at = now() - $1 * interval '1 millisecond'`,
      [PAGE_COPY_FRESH_MS + 1_000],
    );

    await expect(hints.recentCopy(ACCOUNT, FIRST)).resolves.toBeNull();
    // Still a hint of where the number is.
    await expect(hints.locate(ACCOUNT, [listed(1).sid])).resolves.toEqual({ pages: [FIRST] });
  });

  it("forgets an account's copies (a number released), on every replica, and keeps its hints", async () => {
    await list(ACCOUNT, [
      [FIRST, [listed(1)]],
      [SECOND, [listed(2)]],
    ]);
    await list(OTHER_ACCOUNT, [[FIRST, [listed(9)]]]);

    await new PostgresPageHints(dataSource).forgetCopies(ACCOUNT);

    await expect(hints.recentCopy(ACCOUNT, FIRST)).resolves.toBeNull();
    await expect(hints.recentCopy(ACCOUNT, SECOND)).resolves.toBeNull();
    await expect(hints.recentCopy(OTHER_ACCOUNT, FIRST)).resolves.toEqual([listed(9)]);
    await expect(hints.locate(ACCOUNT, [listed(2).sid])).resolves.toEqual({ pages: [SECOND] });
  });

  it('answers "no copy" rather than fail when PostgreSQL does', async () => {
    await list(ACCOUNT, [[FIRST, [listed(1)]]]);
    const broken = new PostgresPageHints({
      query: () => Promise.reject(new Error('connection terminated')),
    } as unknown as DataSource);

    await expect(broken.recentCopy(ACCOUNT, FIRST)).resolves.toBeNull();
    await expect(broken.forgetCopies(ACCOUNT)).resolves.toBeUndefined();
  });
});

describe('LayeredPageHints on a replica that did not read the listing', () => {
  const THIRD: PageLocation = { kind: 'url', url: `${SECOND.url}3` };
  /** The statements the replica's hints sent, by what they did. */
  let sent: string[];
  let replica: LayeredPageHints;

  beforeEach(() => {
    sent = [];
    const watched = new Proxy(dataSource, {
      get(target, property, receiver) {
        if (property !== 'query') return Reflect.get(target, property, receiver);
        return (sql: string, parameters?: unknown[]) => {
          sent.push(
            sql.includes('unnest(p.sids)')
              ? 'unnest'
              : sql.includes('array_to_string')
                ? 'read listing'
                : 'other',
          );
          return target.query(sql, parameters);
        };
      },
    });
    replica = new LayeredPageHints(new AccountPageIndex(), new PostgresPageHints(watched));
  });

  it("places numbers itself after one read of the other replica's listing", async () => {
    await list(ACCOUNT, [
      [FIRST, [listed(1), listed(2)]],
      [SECOND, [listed(3), listed(4)]],
      [THIRD, [listed(5)]],
    ]);

    await expect(replica.locate(ACCOUNT, [listed(3).sid])).resolves.toEqual({ pages: [SECOND] });
    await expect(replica.locate(ACCOUNT, [listed(5).sid, listed(1).sid])).resolves.toEqual({
      pages: [FIRST, THIRD],
    });
    await expect(replica.locate(ACCOUNT, [listed(4).sid])).resolves.toEqual({ pages: [SECOND] });

    expect(sent.filter((s) => s === 'read listing')).toHaveLength(1);
    expect(sent).not.toContain('unnest');
  });

  it('takes a newer listing in where a number moved, and a listing that has grown', async () => {
    const recorder = hints.beginListing(ACCOUNT);
    await recorder.page(FIRST, [listed(1), listed(2)]);
    await expect(replica.locate(ACCOUNT, [listed(2).sid])).resolves.toEqual({ pages: [FIRST] });
    // The listing goes on: its next page is read on the other replica.
    await recorder.page(SECOND, [listed(3)]);
    await recorder.complete();
    await expect(replica.locate(ACCOUNT, [listed(3).sid])).resolves.toEqual({ pages: [SECOND] });
    // A later listing, in which number 2 is on the second page.
    await list(ACCOUNT, [
      [FIRST, [listed(1)]],
      [SECOND, [listed(2), listed(3)]],
    ]);
    // A number it cannot place (9: not in the account) sends it to look for a newer listing: it
    // takes that one in, and number 2 is where that listing saw it.
    await expect(replica.locate(ACCOUNT, [listed(9).sid, listed(2).sid])).resolves.toEqual({
      pages: [SECOND],
    });

    expect(sent.filter((s) => s === 'read listing')).toHaveLength(3);
  });

  it('takes the same listing in again once its own index has forgotten the account', async () => {
    let now = Date.now();
    const forgetful = new LayeredPageHints(
      new AccountPageIndex(() => now),
      new PostgresPageHints(dataSource),
    );
    await list(ACCOUNT, [[FIRST, [listed(1)]]]);
    await expect(forgetful.locate(ACCOUNT, [listed(1).sid])).resolves.toEqual({ pages: [FIRST] });

    // The local index keeps an account ten minutes; the shared hints are still fresh here.
    now += PAGE_INDEX_TTL_MS + 1;
    const unnests = jest.spyOn(PostgresPageHints.prototype, 'locate');
    try {
      await expect(forgetful.locate(ACCOUNT, [listed(1).sid])).resolves.toEqual({
        pages: [FIRST],
      });
      expect(unnests).not.toHaveBeenCalled();
    } finally {
      unnests.mockRestore();
    }
  });

  it('still asks PostgreSQL for a number the latest listing does not hold', async () => {
    await list(ACCOUNT, [[FIRST, [listed(1)]]]);
    // A listing under way on the other replica, not yet at the page of number 1.
    await hints.beginListing(ACCOUNT).page(SECOND, [listed(2)]);

    await expect(replica.locate(ACCOUNT, [listed(1).sid])).resolves.toEqual({ pages: [FIRST] });
    expect(sent).toContain('unnest');
  });
});
