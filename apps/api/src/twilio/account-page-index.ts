/** Where to fetch a page again: Twilio's next_page_uri, or the first page of the listing. */
export type PageLocation = { kind: 'first' } | { kind: 'url'; url: string };

interface IndexedPage {
  location: PageLocation;
  /** Its place in the listing that saw it, to fetch pages in listing order. */
  position: number;
  /** The listing that saw it: a complete listing forgets what earlier ones saw and it did not. */
  listing: number;
}

interface AccountIndex {
  pageOf: Map<string, IndexedPage>;
  expiresAt: number;
  /** The key of the other process's listing last taken in (adopt), if any. */
  adopted?: string;
}

/** A number of a listing page as Twilio's JSON has it, in the fields Loquent reads. */
export interface ListedNumber {
  sid: string;
  phone_number: string;
  friendly_name: string | null;
  voice_url: string | null;
  voice_fallback_url?: string | null;
}

/** What a listing reports as it reads an account's pages. */
export interface ListingRecorder {
  /** A page read, with its numbers as read (hints that keep copies keep them whole). */
  page(location: PageLocation, numbers: readonly ListedNumber[]): void | Promise<void>;
  /** The listing reached the last page: numbers it did not see are no longer in the account. */
  complete(): void | Promise<void>;
}

/**
 * Where each number of an account was last seen in its listing: this process's AccountPageIndex,
 * or PostgresPageHints, shared by every replica on the database.
 */
export interface PageHints {
  beginListing(accountSid: string): ListingRecorder;
  /** The pages holding these sids, in listing order (sids it does not place are left out). */
  locate(
    accountSid: string,
    sids: Iterable<string>,
  ): { pages: PageLocation[] } | Promise<{ pages: PageLocation[] }>;
  /**
   * The page's numbers as a listing read them at most PAGE_COPY_FRESH_MS ago, where a copy is
   * kept (PostgresPageHints keeps them; this process's index does not): null means "fetch it".
   */
  recentCopy(
    accountSid: string,
    location: PageLocation,
  ): ListedNumber[] | null | Promise<ListedNumber[] | null>;
  /** The account lost a number (released): no copy read before may stand in for its pages. */
  forgetCopies(accountSid: string): void | Promise<void>;
}

export const PAGE_INDEX_TTL_MS = 10 * 60 * 1000;
/**
 * How long a page a listing read may stand in for fetching it again: an import selects numbers
 * from the listing just shown, and reads them from the listing's copy rather than from Twilio
 * once more, if that listing is at most a minute old. A number released through Loquent drops
 * the account's copies; one released in Twilio's console may be imported in that minute, and is
 * then reported missing by the drift check like any number released after its import.
 */
export const PAGE_COPY_FRESH_MS = 60 * 1000;
export const PAGE_INDEX_MAX_ACCOUNTS = 100;
/** About 25 MB: beyond it, accounts read longest ago are forgotten first. */
export const PAGE_INDEX_MAX_NUMBERS = 250_000;

/**
 * Which page of an account's listing held each number, as last seen, so that importing a few
 * hundred numbers of a large account fetches the pages holding them instead of reading the
 * account from the start again (which made importing a whole account, 1,000 numbers at a time,
 * quadratic). Learnt from every read of the account, kept ten minutes after the last one, for at
 * most 100 accounts and 250,000 numbers; per process. A number no longer where it was, or not
 * indexed, is looked for by reading the account again.
 */
export class AccountPageIndex implements PageHints {
  private readonly accounts = new Map<string, AccountIndex>();
  private listings = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** A read of the account is starting: what it sees is added to (or corrects) what is known. */
  beginListing(accountSid: string): ListingRecorder {
    const listing = ++this.listings;
    let position = 0;
    return {
      page: (location, numbers) => {
        this.place(
          accountSid,
          { location, position: position++, listing },
          numbers.map((number) => number.sid),
        );
      },
      complete: () => {
        const index = this.indexOf(accountSid);
        for (const [sid, page] of index.pageOf) {
          if (page.listing < listing) index.pageOf.delete(sid);
        }
      },
    };
  }

  /**
   * The pages of a listing another process read (PostgresPageHints.latestListing, whose `key` it
   * has), with the sids each held, taken in as a listing of this index: newer than what it holds,
   * which it corrects but does not forget (the listing may not be complete).
   */
  adopt(
    accountSid: string,
    key: string,
    pages: readonly { location: PageLocation; sids: string[] }[],
  ): void {
    const listing = ++this.listings;
    pages.forEach(({ location, sids }, position) =>
      this.place(accountSid, { location, position, listing }, sids),
    );
    this.indexOf(accountSid).adopted = key;
  }

  /** The key of the listing last taken in for the account, while the index still holds it. */
  adopted(accountSid: string): string | null {
    const index = this.accounts.get(accountSid);
    return index && index.expiresAt >= this.now() ? (index.adopted ?? null) : null;
  }

  /** The pages holding these sids, in listing order, and the sids the index does not place. */
  locate(
    accountSid: string,
    sids: Iterable<string>,
  ): { pages: PageLocation[]; unplaced: string[] } {
    const index = this.accounts.get(accountSid);
    if (index && index.expiresAt < this.now()) this.accounts.delete(accountSid);
    const pageOf = this.accounts.get(accountSid)?.pageOf;
    const pages = new Set<IndexedPage>();
    const unplaced: string[] = [];
    for (const sid of sids) {
      const page = pageOf?.get(sid);
      if (page) pages.add(page);
      else unplaced.push(sid);
    }
    const ordered = [...pages].sort((a, b) => a.listing - b.listing || a.position - b.position);
    return { pages: ordered.map((page) => page.location), unplaced };
  }

  /** Kept in PostgreSQL only: a page here is always fetched again. */
  recentCopy(): null {
    return null;
  }

  forgetCopies(): void {}

  private place(accountSid: string, page: IndexedPage, sids: string[]): void {
    const index = this.indexOf(accountSid);
    const room = this.makeRoom(accountSid, sids.length);
    // An account larger than the whole index is only partly indexed; the rest is read again.
    for (const sid of room >= sids.length ? sids : sids.slice(0, room)) {
      index.pageOf.set(sid, page);
    }
  }

  /** Forgets accounts read longest ago until `wanted` more numbers fit; the room there is. */
  private makeRoom(accountSid: string, wanted: number): number {
    let total = 0;
    for (const index of this.accounts.values()) total += index.pageOf.size;
    for (const [sid, index] of this.accounts) {
      if (total + wanted <= PAGE_INDEX_MAX_NUMBERS) break;
      if (sid === accountSid) continue;
      total -= index.pageOf.size;
      this.accounts.delete(sid);
    }
    return Math.max(0, PAGE_INDEX_MAX_NUMBERS - total);
  }

  /** The account's index, renewed for another ten minutes (the oldest account makes room). */
  private indexOf(accountSid: string): AccountIndex {
    let index = this.accounts.get(accountSid);
    if (!index || index.expiresAt < this.now()) {
      index = { pageOf: new Map(), expiresAt: 0 };
      this.accounts.delete(accountSid);
      if (this.accounts.size >= PAGE_INDEX_MAX_ACCOUNTS) {
        this.accounts.delete(this.accounts.keys().next().value!);
      }
    } else {
      // Most recently read last, so the first key is the account read longest ago.
      this.accounts.delete(accountSid);
    }
    this.accounts.set(accountSid, index);
    index.expiresAt = this.now() + PAGE_INDEX_TTL_MS;
    return index;
  }
}
