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
 * created_at as JSON.stringify writes a Date), made by PostgreSQL: the API parses no timestamp,
 * builds no object and stringifies nothing per row.
 */
const ITEM_JSON = `SELECT row_to_json(p)::text AS item, p.number FROM (
    SELECT id, number, friendly_name, agent_id, twilio_sid, voice_url_status, source,
      to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
    FROM phone_number`;

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
    // Two statements rather than "$2 IS NULL OR number > $2", so each gets a plain index range scan.
    const rows: { item: string; number: string }[] = after
      ? await this.dataSource.query(
          `${ITEM_JSON} WHERE organization_id = $1 AND number > $2 ORDER BY number LIMIT $3) p ORDER BY p.number`,
          [query.organizationId, after.value, fetch],
        )
      : await this.dataSource.query(
          `${ITEM_JSON} WHERE organization_id = $1 ORDER BY number LIMIT $2) p ORDER BY p.number`,
          [query.organizationId, fetch],
        );
    const more = query.limit !== null && rows.length > query.limit;
    const items = more ? rows.slice(0, query.limit!) : rows;
    let json = '[';
    for (let i = 0; i < items.length; i++) json += i === 0 ? items[i]!.item : `,${items[i]!.item}`;
    return {
      json: `${json}]`,
      nextCursor: more ? items[items.length - 1]!.number.slice(1) : null,
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
