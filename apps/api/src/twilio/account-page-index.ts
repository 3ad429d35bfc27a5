/** Where to fetch a page again: Twilio's next_page_uri, or the first page of the listing. */
export type PageLocation = { kind: 'first' } | { kind: 'url'; url: string };

interface AccountIndex {
  /** Page locations in listing order; a sid points at its page's position. */
  pages: PageLocation[];
  pageOf: Map<string, number>;
  expiresAt: number;
}

const TTL_MS = 10 * 60 * 1000;
const MAX_ACCOUNTS = 100;

/**
 * Which page of an account's listing held each number, as last seen, so that importing a few
 * hundred numbers of a large account fetches the pages holding them instead of reading the
 * account from the start again (which made importing a whole account, 1,000 numbers at a time,
 * quadratic). Learnt from every full read of the account; kept ten minutes; per process. A
 * number no longer where it was is looked for by reading the account again.
 */
export class AccountPageIndex {
  private readonly accounts = new Map<string, AccountIndex>();

  /** A full read of the account is starting: what it sees replaces what was known. */
  beginListing(accountSid: string): (location: PageLocation, sids: readonly string[]) => void {
    const index: AccountIndex = { pages: [], pageOf: new Map(), expiresAt: Date.now() + TTL_MS };
    if (this.accounts.size >= MAX_ACCOUNTS)
      this.accounts.delete(this.accounts.keys().next().value!);
    this.accounts.delete(accountSid);
    this.accounts.set(accountSid, index);
    return (location, sids) => {
      const position = index.pages.push(location) - 1;
      for (const sid of sids) index.pageOf.set(sid, position);
    };
  }

  /** The pages holding these sids, in listing order, and the sids the index does not place. */
  locate(
    accountSid: string,
    sids: Iterable<string>,
  ): { pages: PageLocation[]; unplaced: string[] } {
    const index = this.accounts.get(accountSid);
    if (!index || index.expiresAt < Date.now()) {
      this.accounts.delete(accountSid);
      return { pages: [], unplaced: [...sids] };
    }
    const positions = new Set<number>();
    const unplaced: string[] = [];
    for (const sid of sids) {
      const position = index.pageOf.get(sid);
      if (position === undefined) unplaced.push(sid);
      else positions.add(position);
    }
    return { pages: [...positions].sort((a, b) => a - b).map((p) => index.pages[p]!), unplaced };
  }
}
