import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AccountPageIndex,
  ListingRecorder,
  PAGE_INDEX_TTL_MS,
  PageHints,
  PageLocation,
} from './account-page-index';

/**
 * The import's page hints in PostgreSQL, shared by every replica on the database: a row per page
 * a listing read (`twilio_page_hint`: its URL and the sids it held), so a sync-numbers that lands
 * on another replica than the get-unsynced-numbers before it still fetches the pages holding its
 * numbers instead of reading the account from the start. One statement per page read (a row, not
 * a row per number: the listing pays for what only other replicas use) and one per look-up (the
 * account's pages, unnested). Kept ten minutes; a complete listing replaces the ones before it.
 * Hints are only hints: a failure to read or write them is logged and costs a full read, never
 * the request.
 */
export class PostgresPageHints implements PageHints {
  private readonly logger = new Logger(PostgresPageHints.name);
  private listings = 0;

  constructor(private readonly dataSource: DataSource) {}

  beginListing(accountSid: string): ListingRecorder {
    // Ordered by time across replicas; the counter keeps one process's listings apart.
    const listing = Date.now() * 1000 + (this.listings++ % 1000);
    let position = 0;
    return {
      page: async (location, sids) => {
        const at = position++;
        if (at === 0) {
          // Once per listing: what expired, of every account, is swept.
          await this.quietly('sweep', () =>
            this.dataSource.query(
              `DELETE FROM twilio_page_hint WHERE seen_at < now() - $1 * interval '1 millisecond'`,
              [PAGE_INDEX_TTL_MS],
            ),
          );
        }
        await this.quietly('record', () =>
          this.dataSource.query(
            `INSERT INTO twilio_page_hint (account_sid, listing, position, page_url, sids)
             VALUES ($1, $2, $3, $4, $5::text[]) ON CONFLICT DO NOTHING`,
            [accountSid, listing, at, location.kind === 'url' ? location.url : null, sids],
          ),
        );
      },
      complete: async () => {
        await this.quietly('forget older listings', () =>
          this.dataSource.query(
            `DELETE FROM twilio_page_hint WHERE account_sid = $1 AND listing < $2`,
            [accountSid, listing],
          ),
        );
      },
    };
  }

  async locate(accountSid: string, sids: Iterable<string>): Promise<{ pages: PageLocation[] }> {
    const wanted = [...sids];
    if (wanted.length === 0) return { pages: [] };
    // A number seen by more than one listing (the latest not complete yet) is where the latest
    // saw it.
    const rows =
      (await this.quietly('locate', () =>
        this.dataSource.query(
          `WITH placed AS (
             SELECT DISTINCT ON (seen.sid) p.listing, p.position, p.page_url
             FROM twilio_page_hint p, unnest(p.sids) AS seen (sid)
             WHERE p.account_sid = $1
               AND p.seen_at >= now() - $3 * interval '1 millisecond'
               AND seen.sid = ANY ($2::text[])
             ORDER BY seen.sid, p.listing DESC)
           SELECT DISTINCT listing, position, page_url FROM placed ORDER BY listing, position`,
          [accountSid, wanted, PAGE_INDEX_TTL_MS],
        ),
      )) ?? [];
    return {
      pages: (rows as { page_url: string | null }[]).map(({ page_url }) =>
        page_url === null ? { kind: 'first' } : { kind: 'url', url: page_url },
      ),
    };
  }

  private async quietly<T>(what: string, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      this.logger.warn(
        `Page hints (${what}) failed, the account is read from the start instead: ${String(error)}`,
      );
      return undefined;
    }
  }
}

/**
 * This process's own index first, the shared one for what it cannot place: a replica that read
 * the listing itself asks PostgreSQL nothing; one that did not reads the other's hints. Every
 * listing is recorded in both.
 */
export class LayeredPageHints implements PageHints {
  constructor(
    private readonly local: AccountPageIndex,
    private readonly shared: PageHints,
  ) {}

  beginListing(accountSid: string): ListingRecorder {
    const local = this.local.beginListing(accountSid);
    const shared = this.shared.beginListing(accountSid);
    return {
      page: (location, sids) => {
        void local.page(location, sids);
        return shared.page(location, sids);
      },
      complete: () => {
        void local.complete();
        return shared.complete();
      },
    };
  }

  async locate(accountSid: string, sids: Iterable<string>): Promise<{ pages: PageLocation[] }> {
    const { pages, unplaced } = this.local.locate(accountSid, sids);
    if (unplaced.length === 0) return { pages };
    const known = new Set(pages.map((page) => (page.kind === 'url' ? page.url : '')));
    const shared = await this.shared.locate(accountSid, unplaced);
    return {
      pages: [
        ...pages,
        ...shared.pages.filter((page) => !known.has(page.kind === 'url' ? page.url : '')),
      ],
    };
  }
}
