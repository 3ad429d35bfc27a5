import { Injectable } from '@nestjs/common';
import { E164Number, InvalidPageRequest, InvalidPhoneNumber } from '@loquent/telephony-domain';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { PhoneNumberListItemDto } from '../phone-number.response.dto';

/** A page of the list as the bytes of its JSON array, and the cursor of the next page. */
export interface PhoneListPage {
  json: string;
  nextCursor: string | null;
}

/**
 * The columns of PhoneNumberListItemDto, in its order and under its names, so that a row is the
 * item as it is: created_at comes as text, as JSON.stringify writes a Date, so no timestamp is
 * parsed. The JSON is written here and not by PostgreSQL: row_to_json and string_agg cost the
 * database about twice the CPU of the plain rows, and the database shares the machine.
 */
const COLUMNS = `id, number, friendly_name, agent_id, twilio_sid, voice_url_status, source,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;
// Two statements rather than "$3 IS NULL OR number > $3", so each gets a plain index range scan.
// Named, so each connection parses and plans them once.
const FIRST_PAGE = {
  name: 'loquent_phone_list_first',
  text: `SELECT ${COLUMNS} FROM phone_number WHERE organization_id = $1 ORDER BY number LIMIT $2`,
};
const NEXT_PAGE = {
  name: 'loquent_phone_list_next',
  text: `SELECT ${COLUMNS} FROM phone_number WHERE organization_id = $1 AND number > $3 ORDER BY number LIMIT $2`,
};

/**
 * GET /api/phones as a read model (a listing needs no aggregate): the keyset page the domain's
 * ListPhoneNumbers defines (E.164 order, `limit` + 1 rows to tell whether a next page exists,
 * the cursor being the last number without its "+"), one statement on the
 * (organization_id, number) index, as the bytes of its JSON.
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
    const statement = after ? NEXT_PAGE : FIRST_PAGE;
    const values = after
      ? [query.organizationId, fetch, after.value]
      : [query.organizationId, fetch];
    // Straight to pg, for the statement's name; logged as TypeORM logs the statements it runs.
    this.dataSource.logger.logQuery(statement.text, values);
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const { rows } = await pool.query<PhoneNumberListItemDto>({ ...statement, values });
    const more = query.limit !== null && rows.length > query.limit;
    if (more) rows.length = query.limit!;
    return {
      json: JSON.stringify(rows),
      nextCursor: more ? rows[rows.length - 1]!.number.slice(1) : null,
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
