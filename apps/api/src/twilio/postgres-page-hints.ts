import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ListingRecorder, PAGE_INDEX_TTL_MS, PageHints, PageLocation } from './account-page-index';

/**
 * The import's page hints in PostgreSQL (`twilio_page_hint`), shared by every replica on the
 * database: one row per page a listing read (its URL and the sids it held, GIN-indexed), so a
 * sync-numbers that lands on another replica than the get-unsynced-numbers before it still fetches
 * the pages holding its numbers instead of reading the account from the start. One statement per
 * page read and one per look-up. Kept ten minutes; a complete listing replaces the ones before it.
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
        await this.quietly('record', () =>
          this.dataSource.query(
            // The first page of a listing also sweeps what expired, of every account.
            `WITH expired AS (
               DELETE FROM twilio_page_hint
               WHERE $6 AND seen_at < now() - $7 * interval '1 millisecond'
             )
             INSERT INTO twilio_page_hint (account_sid, listing, position, page_url, sids)
             VALUES ($1, $2, $3, $4, $5::text[])
             ON CONFLICT DO NOTHING`,
            [
              accountSid,
              listing,
              at,
              location.kind === 'url' ? location.url : null,
              sids,
              at === 0,
              PAGE_INDEX_TTL_MS,
            ],
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
    const rows =
      (await this.quietly('locate', () =>
        this.dataSource.query(
          `SELECT page_url FROM twilio_page_hint
           WHERE account_sid = $1 AND sids && $2::text[]
             AND seen_at >= now() - $3 * interval '1 millisecond'
           ORDER BY listing, position`,
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
