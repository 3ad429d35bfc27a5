import {
  AccountPageIndex,
  ListedNumber,
  PAGE_INDEX_MAX_ACCOUNTS,
  PAGE_INDEX_MAX_NUMBERS,
  PAGE_INDEX_TTL_MS,
  PageLocation,
} from './account-page-index';

const ACCOUNT = 'AC00000000000000000000000000000001';
const FIRST: PageLocation = { kind: 'first' };
const at = (token: string): PageLocation => ({
  kind: 'url',
  url: `/IncomingPhoneNumbers.json?PageToken=${token}`,
});
const sids = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `PN${String(from + i).padStart(32, '0')}`);
/** The numbers of a listing page holding these sids. */
const listed = (pageSids: string[]): ListedNumber[] =>
  pageSids.map((sid) => ({
    sid,
    phone_number: '+16505550100',
    friendly_name: null,
    voice_url: null,
  }));

describe('AccountPageIndex', () => {
  let now: number;
  let index: AccountPageIndex;
  beforeEach(() => {
    now = 1_000_000;
    index = new AccountPageIndex(() => now);
  });

  /** A listing of pages of `size` numbers, sids numbered from 0; complete when `complete`. */
  function list(pages: number, size: number, complete = true, account = ACCOUNT) {
    const recorder = index.beginListing(account);
    for (let p = 0; p < pages; p++) {
      recorder.page(p === 0 ? FIRST : at(`PA${p}`), listed(sids(p * size, size)));
    }
    if (complete) recorder.complete();
  }

  it('places each number on the page that held it, pages in listing order, once each', () => {
    list(4, 10);

    expect(index.locate(ACCOUNT, [...sids(35, 2), ...sids(5, 1), ...sids(31, 1)])).toEqual({
      pages: [FIRST, at('PA3')],
      unplaced: [],
    });
  });

  it('leaves numbers it never saw, and accounts it never read, unplaced', () => {
    list(2, 10);

    expect(index.locate(ACCOUNT, sids(19, 2))).toEqual({
      pages: [at('PA1')],
      unplaced: sids(20, 1),
    });
    expect(index.locate('AC_other', sids(0, 1))).toEqual({ pages: [], unplaced: sids(0, 1) });
  });

  it('keeps what it knew of later pages when a read stops early', () => {
    list(4, 10);
    // A read that found what it wanted on its second page and went no further.
    const partial = index.beginListing(ACCOUNT);
    partial.page(FIRST, listed(sids(0, 10)));
    partial.page(at('PA1-again'), listed(sids(10, 10)));

    expect(index.locate(ACCOUNT, [...sids(15, 1), ...sids(35, 1)]).pages).toEqual([
      at('PA3'),
      at('PA1-again'),
    ]);
  });

  it('forgets, after a read of the whole account, the numbers that read did not see', () => {
    list(3, 10);
    const again = index.beginListing(ACCOUNT);
    again.page(FIRST, listed(sids(0, 10))); // the numbers of the second and third pages were released
    again.complete();

    expect(index.locate(ACCOUNT, sids(9, 2))).toEqual({ pages: [FIRST], unplaced: sids(10, 1) });
  });

  it('forgets an account ten minutes after it was last read', () => {
    list(1, 10);
    now += PAGE_INDEX_TTL_MS - 1;
    expect(index.locate(ACCOUNT, sids(0, 1)).pages).toEqual([FIRST]);

    now += 2;
    expect(index.locate(ACCOUNT, sids(0, 1))).toEqual({ pages: [], unplaced: sids(0, 1) });
  });

  it(`keeps at most ${PAGE_INDEX_MAX_ACCOUNTS} accounts, forgetting the one read longest ago`, () => {
    for (let a = 0; a < PAGE_INDEX_MAX_ACCOUNTS; a++) list(1, 1, true, `AC${a}`);
    list(1, 1, true, 'AC0'); // read again: now the most recent
    list(1, 1, true, 'AC_new');

    expect(index.locate('AC0', sids(0, 1)).pages).toEqual([FIRST]);
    expect(index.locate('AC1', sids(0, 1)).pages).toEqual([]);
    expect(index.locate('AC_new', sids(0, 1)).pages).toEqual([FIRST]);
  });

  it(`holds at most ${PAGE_INDEX_MAX_NUMBERS.toLocaleString('en-US')} numbers, however large the accounts`, () => {
    const pageSize = 1000;
    const pages = PAGE_INDEX_MAX_NUMBERS / pageSize;
    list(pages - 10, pageSize, true, 'AC_old');
    list(pages + 5, pageSize, true, 'AC_huge');

    // The older account made room; the part of the huge one beyond the limit is not indexed.
    expect(index.locate('AC_old', sids(0, 1)).pages).toEqual([]);
    const last = PAGE_INDEX_MAX_NUMBERS - 1;
    expect(index.locate('AC_huge', sids(last, 2))).toEqual({
      pages: [at(`PA${pages - 1}`)],
      unplaced: sids(last + 1, 1),
    });
  });
});
