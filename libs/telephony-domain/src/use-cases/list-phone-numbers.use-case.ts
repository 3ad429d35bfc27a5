import { E164Number } from '../phone-number/e164-number.value-object';
import { InvalidPageRequest, InvalidPhoneNumber } from '../phone-number/phone-number.errors';
import { PhoneNumberRepository, PhoneNumberSummary } from '../ports/phone-number.repository.port';

export const LIST_PAGE_MAX = 1000;

export interface ListPhoneNumbersQuery {
  organizationId: string;
  /** Page size, 1 to LIST_PAGE_MAX; omitted for the whole list. */
  limit?: number | null;
  /** The `nextCursor` of the previous page. */
  after?: string | null;
}

export interface PhoneNumberPage {
  items: PhoneNumberSummary[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

export type ListPhoneNumbersError = InvalidPageRequest;

/**
 * An organization's numbers in ascending E.164 order, a keyset page at a time. The cursor is the
 * last number's digits: stable while numbers are added or removed, and safe in a URL as is.
 */
export class ListPhoneNumbers {
  constructor(private readonly phoneNumbers: PhoneNumberRepository) {}

  async execute(query: ListPhoneNumbersQuery): Promise<PhoneNumberPage> {
    const limit = query.limit ?? null;
    if (limit !== null && (!Number.isInteger(limit) || limit < 1 || limit > LIST_PAGE_MAX)) {
      throw new InvalidPageRequest(
        'limit',
        String(limit),
        `must be an integer from 1 to ${LIST_PAGE_MAX}`,
      );
    }
    const after = query.after ? decodeCursor(query.after) : null;

    const rows = await this.phoneNumbers.list({
      organizationId: query.organizationId,
      after,
      limit: limit === null ? null : limit + 1,
    });
    if (limit === null || rows.length <= limit) return { items: rows, nextCursor: null };
    const items = rows.slice(0, limit);
    return { items, nextCursor: encodeCursor(items[items.length - 1]!.number) };
  }
}

function encodeCursor(number: string): string {
  return number.slice(1);
}

function decodeCursor(cursor: string): E164Number {
  try {
    return E164Number.parse(`+${cursor}`);
  } catch (error) {
    if (error instanceof InvalidPhoneNumber) {
      throw new InvalidPageRequest('after', cursor, 'is not a cursor returned by a previous page');
    }
    throw error;
  }
}
