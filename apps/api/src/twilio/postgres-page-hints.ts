import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AccountPageIndex,
  ListedNumber,
  ListingRecorder,
  PAGE_COPY_FRESH_MS,
  PAGE_INDEX_TTL_MS,
  PageHints,
  PageLocation,
} from './account-page-index';
import { arrayParameter } from '../persistence/postgres-arrays';

/** A copy's number as stored: [sid, phone_number, friendly_name, voice_url, voice_fallback_url]. */
type StoredNumber = [string, string, string | null, string | null, string | null];

/**
 * The import's page hints in PostgreSQL, shared by every replica on the database: a row per page
 * a listing read (`twilio_page_hint`: its URL, the sids it held and a copy of its numbers), so a
 * sync-numbers that lands on any replica after the get-unsynced-numbers reads the pages holding
 * its numbers from the listing's copy while it is fresh (PAGE_COPY_FRESH_MS), and fetches just
 * those pages from Twilio after that, never the account from the start. One statement per page
 * read (a row, not a row per number; its sids taken from the copy by PostgreSQL), one per look-up
 * (the account's pages, unnested; LayeredPageHints spares most of them, see latestListing) and
 * one per copy read. Kept ten minutes; a complete listing
 * replaces the ones before it. Hints are only hints: a failure to read or write them is logged
 * and costs a fetch from Twilio, never the request.
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
      page: async (location, numbers) => {
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
        // One JSON text (JSON.stringify is native; a text[] of a thousand sids is escaped in JS).
        const copy = JSON.stringify(
          numbers.map((n): StoredNumber => [
            n.sid,
            n.phone_number,
            n.friendly_name,
            n.voice_url,
            n.voice_fallback_url ?? null,
          ]),
        );
        await this.quietly('record', () =>
          this.dataSource.query(
            `INSERT INTO twilio_page_hint (account_sid, listing, position, page_url, sids, numbers)
             SELECT $1, $2, $3, $4, ARRAY(SELECT n ->> 0 FROM jsonb_array_elements(copy) AS n), copy
               FROM (SELECT $5::jsonb AS copy) AS page
             ON CONFLICT DO NOTHING`,
            [accountSid, listing, at, pageUrl(location), copy],
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
          [accountSid, arrayParameter(wanted), PAGE_INDEX_TTL_MS],
        ),
      )) ?? [];
    return {
      pages: (rows as { page_url: string | null }[]).map(({ page_url }) => locationOf(page_url)),
    };
  }

  /**
   * The pages of the account's latest fresh listing, whichever replica read it, with the sids each
   * held, unless that is the listing `known` (its id and how many pages it had then): so that a
   * replica which did not read it places numbers itself, after one read of the listing, instead
   * of unnesting the account's pages in PostgreSQL on every look-up (about 16 ms at 100,000
   * numbers). Null when there is nothing newer, or it cannot be read.
   */
  async latestListing(
    accountSid: string,
    known: string | null,
  ): Promise<{ key: string; pages: { location: PageLocation; sids: string[] }[] } | null> {
    const [latest] =
      (await this.quietly('find the latest listing', () =>
        this.dataSource.query(
          `SELECT listing, count(*)::int AS pages FROM twilio_page_hint
            WHERE account_sid = $1 AND listing = (
              SELECT max(listing) FROM twilio_page_hint
               WHERE account_sid = $1 AND seen_at >= now() - $2 * interval '1 millisecond')
            GROUP BY listing`,
          [accountSid, PAGE_INDEX_TTL_MS],
        ),
      )) ?? [];
    const key = latest ? `${latest.listing}:${latest.pages}` : null;
    if (key === null || key === known) return null;
    // The sids as one text each (never holding a comma): split in JS at a fraction of the cost
    // of parsing the text[] literals.
    const rows: { page_url: string | null; sids: string }[] | undefined = await this.quietly(
      'read the latest listing',
      () =>
        this.dataSource.query(
          `SELECT page_url, array_to_string(sids, ',') AS sids FROM twilio_page_hint
            WHERE account_sid = $1 AND listing = $2 ORDER BY position`,
          [accountSid, latest.listing],
        ),
    );
    if (!rows) return null;
    return {
      key,
      pages: rows.map((row) => ({
        location: locationOf(row.page_url),
        sids: row.sids === '' ? [] : row.sids.split(','),
      })),
    };
  }

  async recentCopy(accountSid: string, location: PageLocation): Promise<ListedNumber[] | null> {
    const rows: { numbers: StoredNumber[] }[] | undefined = await this.quietly('read a copy', () =>
      this.dataSource.query(
        `SELECT numbers FROM twilio_page_hint
          WHERE account_sid = $1 AND page_url IS NOT DISTINCT FROM $2 AND numbers IS NOT NULL
            AND seen_at >= now() - $3 * interval '1 millisecond'
          ORDER BY listing DESC LIMIT 1`,
        [accountSid, pageUrl(location), PAGE_COPY_FRESH_MS],
      ),
    );
    const numbers = rows?.[0]?.numbers;
    if (!numbers) return null;
    return numbers.map(([sid, phone_number, friendly_name, voice_url, voice_fallback_url]) => ({
      sid,
      phone_number,
      friendly_name,
      voice_url,
      voice_fallback_url,
    }));
  }

  async forgetCopies(accountSid: string): Promise<void> {
    await this.quietly('forget copies', () =>
      this.dataSource.query(
        `UPDATE twilio_page_hint SET numbers = NULL WHERE account_sid = $1 AND numbers IS NOT NULL`,
        [accountSid],
      ),
    );
  }

  private async quietly<T>(what: string, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      this.logger.warn(`Page hints (${what}) failed, Twilio is read instead: ${String(error)}`);
      return undefined;
    }
  }
}

/**
 * This process's own index first, the shared one for what it cannot place: a replica that read
 * the listing itself asks PostgreSQL nothing for the numbers it placed; one that did not takes
 * the latest listing of another into its own index (once per listing, again when that listing
 * has grown, or when its own index has forgotten the account), and asks PostgreSQL to place only
 * what is still unplaced then. A sid no listing holds costs a look at the latest listing's id
 * and the unnest, on every request that asks for it. Every listing is recorded in both.
 */
export class LayeredPageHints implements PageHints {
  constructor(
    private readonly local: AccountPageIndex,
    private readonly shared: PostgresPageHints,
  ) {}

  beginListing(accountSid: string): ListingRecorder {
    const local = this.local.beginListing(accountSid);
    const shared = this.shared.beginListing(accountSid);
    return {
      page: (location, numbers) => {
        void local.page(location, numbers);
        return shared.page(location, numbers);
      },
      complete: () => {
        void local.complete();
        return shared.complete();
      },
    };
  }

  /** Copies are kept only in PostgreSQL, where every replica reads them. */
  async recentCopy(accountSid: string, location: PageLocation): Promise<ListedNumber[] | null> {
    return this.shared.recentCopy(accountSid, location);
  }

  async forgetCopies(accountSid: string): Promise<void> {
    await this.shared.forgetCopies(accountSid);
  }

  async locate(accountSid: string, sids: Iterable<string>): Promise<{ pages: PageLocation[] }> {
    const wanted = [...sids];
    let placed = this.local.locate(accountSid, wanted);
    if (placed.unplaced.length > 0 && (await this.adoptLatest(accountSid))) {
      placed = this.local.locate(accountSid, wanted);
    }
    const { pages, unplaced } = placed;
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

  /** Whether a shared listing not taken in before was taken into the local index now. */
  private async adoptLatest(accountSid: string): Promise<boolean> {
    // Kept with the account's local index: what it forgot (expired, room made) is taken in again.
    const latest = await this.shared.latestListing(accountSid, this.local.adopted(accountSid));
    if (!latest) return false;
    this.local.adopt(accountSid, latest.key, latest.pages);
    return true;
  }
}

const pageUrl = (location: PageLocation): string | null =>
  location.kind === 'url' ? location.url : null;

const locationOf = (pageUrl: string | null): PageLocation =>
  pageUrl === null ? { kind: 'first' } : { kind: 'url', url: pageUrl };
