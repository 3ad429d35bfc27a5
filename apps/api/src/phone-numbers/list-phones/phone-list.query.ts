import { Injectable } from '@nestjs/common';
import { E164Number, InvalidPageRequest, InvalidPhoneNumber } from '@loquent/telephony-domain';
import { DataSource } from 'typeorm';

/** A page of the list as the bytes of its JSON array, and the cursor of the next page. */
export interface PhoneListPage {
  json: string;
  nextCursor: string | null;
}

/**
 * Each row as the list's JSON object (PhoneNumberListItemDto: fields in its order, snake_case,
 * created_at as JSON.stringify writes a Date), and the page as one JSON array, made by
 * PostgreSQL: the API parses no timestamp, builds no object, stringifies nothing and receives
 * one row per page, not one per number. `$2` is the page size (null: the whole list), `$3`
 * one more, to tell whether a next page exists; `last` is the page's last number.
 */
const PAGE_JSON = (where: string) => `SELECT
    '[' || coalesce(string_agg(q.item, ',' ORDER BY q.number) FILTER (WHERE $2::int IS NULL OR q.n <= $2::int), '') || ']' AS json,
    count(*) > $2::int AS more,
    max(q.number) FILTER (WHERE q.n <= $2::int) AS last
  FROM (
    SELECT row_to_json(p)::text AS item, p.number, row_number() OVER (ORDER BY p.number) AS n
    FROM (
      SELECT id, number, friendly_name, agent_id, twilio_sid, voice_url_status, source,
        to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
      FROM phone_number WHERE ${where} ORDER BY number LIMIT $3
    ) p
  ) q`;
// Two statements rather than "$3 IS NULL OR number > $3", so each gets a plain index range scan.
const FIRST_PAGE = PAGE_JSON('organization_id = $1');
const NEXT_PAGE = PAGE_JSON('organization_id = $1 AND number > $4');

/**
 * GET /api/phones as a read model (a listing needs no aggregate): the keyset page the domain's
 * ListPhoneNumbers defines (E.164 order, `limit` + 1 rows to tell whether a next page exists,
 * the cursor being the last number without its "+"), one statement on the
 * (organization_id, number) index, its JSON written by PostgreSQL.
 */
@Injectable()
export class PhoneListQuery {
  constructor(private readonly dataSource: DataSource) {}

  async page(query: {
    organizationId: string;
    limit: number | null;
    after: string | null;
  }): Promise<PhoneListPage> {
    const after = query.after === null ? null : decodeCursor(query.after);
    const fetch = query.limit === null ? null : query.limit + 1;
    const [row] = (await this.dataSource.query(
      after ? NEXT_PAGE : FIRST_PAGE,
      after
        ? [query.organizationId, query.limit, fetch, after.value]
        : [query.organizationId, query.limit, fetch],
    )) as { json: string; more: boolean | null; last: string | null }[];
    return {
      json: row!.json,
      nextCursor: row!.more === true && row!.last !== null ? row!.last.slice(1) : null,
    };
  }
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
