import { AvailableCountry } from '@loquent/telephony-domain';

/** Long enough to spare Twilio a request per page view, short enough to see a new country soon. */
export const AVAILABLE_COUNTRIES_TTL_MS = 10 * 60_000;
const MAX_ACCOUNTS = 1_000;

/**
 * The countries each Twilio account can buy numbers in, kept for a few minutes in this process.
 * An exception to "no in-process caches": the list is Twilio's catalogue, read-only and the same
 * for every replica, so a replica with an older copy for a few minutes harms nothing. Concurrent
 * misses share one request; a failed request is not kept.
 */
export class AvailableCountriesCache {
  private readonly entries = new Map<
    string,
    { at: number; countries: Promise<AvailableCountry[]> }
  >();

  constructor(
    private readonly ttlMs = AVAILABLE_COUNTRIES_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get(accountSid: string, load: () => Promise<AvailableCountry[]>): Promise<AvailableCountry[]> {
    const entry = this.entries.get(accountSid);
    if (entry && this.now() - entry.at < this.ttlMs) return entry.countries;
    if (this.entries.size >= MAX_ACCOUNTS) this.entries.clear();
    const countries = load();
    this.entries.set(accountSid, { at: this.now(), countries });
    countries.catch(() => {
      if (this.entries.get(accountSid)?.countries === countries) this.entries.delete(accountSid);
    });
    return countries;
  }
}
