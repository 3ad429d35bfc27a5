import {
  AgentNotFound,
  ConcurrentUpdate,
  NumberAlreadyRegistered,
  PhoneNumber,
  PhoneNumberPrimitives,
} from '@loquent/telephony-domain';
import { arrayParameter, typedArrayParameter } from './postgres-arrays';
import { violatedForeignKey, violatedUniqueConstraint } from './postgres-errors';

const IDENTITY_CONSTRAINTS = new Set(['phone_number_number_key', 'phone_number_twilio_sid_key']);

type Column = Exclude<keyof PhoneNumberPrimitives, 'analyzerIds' | 'version'>;

/** Each stored field: its column and the type its parameter is cast to. */
const COLUMNS: Record<Column, readonly [name: string, type: string]> = {
  id: ['id', 'uuid'],
  organizationId: ['organization_id', 'uuid'],
  number: ['number', 'text'],
  twilioSid: ['twilio_sid', 'text'],
  friendlyName: ['friendly_name', 'text'],
  agentId: ['agent_id', 'uuid'],
  previousVoiceUrl: ['previous_voice_url', 'text'],
  fallback: ['fallback', 'jsonb'],
  businessHours: ['business_hours', 'jsonb'],
  voiceUrlStatus: ['voice_url_status', 'text'],
  voiceUrlConfiguredAt: ['voice_url_configured_at', 'timestamptz'],
  voiceFallbackUrlTakenOver: ['voice_fallback_url_taken_over', 'boolean'],
  previousVoiceFallbackUrl: ['previous_voice_fallback_url', 'text'],
  source: ['source', 'text'],
  createdAt: ['created_at', 'timestamptz'],
  updatedAt: ['updated_at', 'timestamptz'],
};
const FIELDS = Object.keys(COLUMNS) as Column[];
/** What an update may change; the identity of a number (org, number, sid, source) never moves. */
const MUTABLE: readonly Column[] = [
  'friendlyName',
  'agentId',
  'fallback',
  'businessHours',
  'previousVoiceUrl',
  'voiceUrlStatus',
  'voiceUrlConfiguredAt',
  'voiceFallbackUrlTakenOver',
  'previousVoiceFallbackUrl',
  'updatedAt',
];

/**
 * What each aggregate was when last read from or written to the database, so an update writes
 * only the columns that changed. Kept beside the aggregate, not in it: the domain knows its
 * version, not its columns.
 */
const stored = new WeakMap<PhoneNumber, PhoneNumberPrimitives>();

export function rememberStored(
  phoneNumber: PhoneNumber,
  primitives: PhoneNumberPrimitives = phoneNumber.toPrimitives(),
): PhoneNumber {
  stored.set(phoneNumber, primitives);
  return phoneNumber;
}

/**
 * One statement writing one number; its result rows settle it. Its parts are kept apart so that
 * more can be written in the same statement (the number's events, written only if it was): `ctes`
 * (its common table expressions), `gate` (the one of them that returns the number's `id` when it
 * was written) and `result` (the query giving the rows `settle` reads).
 */
export interface PhoneNumberWrite {
  readonly phoneNumber: PhoneNumber;
  readonly ctes: string;
  readonly gate: string;
  readonly result: string;
  readonly parameters: unknown[];
  /** The version the number has once the statement has run (throws what a refusal means). */
  settle(rows: { version: number }[]): number | null;
  /** The domain error a database refusal of this statement means, or the error itself. */
  explain(error: unknown): unknown;
}

/** The statement that saves this aggregate; null when it has nothing to write. */
export function saveStatement(phoneNumber: PhoneNumber): PhoneNumberWrite | null {
  if (!phoneNumber.hasUnsavedChanges) return null;
  const row = phoneNumber.toPrimitives();
  return row.version === 0 ? insertStatement(phoneNumber, row) : updateStatement(phoneNumber, row);
}

/** Its row and analyzer links, in one statement. */
function insertStatement(phoneNumber: PhoneNumber, row: PhoneNumberPrimitives): PhoneNumberWrite {
  const parameters: unknown[] = FIELDS.map((field) => parameter(row, field));
  parameters.push(row.analyzerIds);
  const links = parameters.length;
  return {
    phoneNumber,
    ctes: `inserted AS (
        INSERT INTO phone_number (${FIELDS.map((f) => COLUMNS[f][0]).join(', ')}, version)
        VALUES (${FIELDS.map((f, i) => `$${i + 1}::${COLUMNS[f][1]}`).join(', ')}, 1)
        RETURNING id, version),
      links AS (
        INSERT INTO phone_number_analyzer (phone_number_id, analyzer_id)
        SELECT inserted.id, analyzer_id FROM inserted, unnest($${links}::uuid[]) AS analyzer_id)`,
    gate: 'inserted',
    result: 'SELECT version FROM inserted',
    parameters,
    settle: (rows) => rows[0]!.version,
    explain: (error) =>
      IDENTITY_CONSTRAINTS.has(violatedUniqueConstraint(error) ?? '')
        ? new NumberAlreadyRegistered(row.number)
        : refusedAgent(error, row),
  };
}

/**
 * The columns that changed, if the number is still at the version this copy was read at; its
 * analyzer links only when they changed.
 */
function updateStatement(phoneNumber: PhoneNumber, row: PhoneNumberPrimitives): PhoneNumberWrite {
  const before = stored.get(phoneNumber);
  const changed = MUTABLE.filter((field) => !before || !same(before[field], row[field]));
  const parameters: unknown[] = [row.id, row.version];
  const assignments = changed.map((field) => {
    parameters.push(parameter(row, field));
    return `${COLUMNS[field][0]} = $${parameters.length}::${COLUMNS[field][1]}`;
  });
  let links = '';
  if (!before || !same(before.analyzerIds, row.analyzerIds)) {
    parameters.push(row.analyzerIds);
    const wanted = `$${parameters.length}::uuid[]`;
    links = `,
      removed AS (
        DELETE FROM phone_number_analyzer pa USING updated
        WHERE pa.phone_number_id = updated.id AND pa.analyzer_id <> ALL(${wanted})),
      added AS (
        INSERT INTO phone_number_analyzer (phone_number_id, analyzer_id)
        SELECT updated.id, analyzer_id FROM updated, unnest(${wanted}) AS analyzer_id
        ON CONFLICT DO NOTHING)`;
  }
  return {
    phoneNumber,
    ctes: `updated AS (
        UPDATE phone_number SET ${[...assignments, 'version = version + 1'].join(', ')}
        WHERE id = $1 AND version = $2
        RETURNING id, version)${links}`,
    gate: 'updated',
    result: 'SELECT version FROM updated',
    parameters,
    settle: (rows) => {
      // Written since this copy was read (or removed): nothing of this copy is kept.
      if (rows.length === 0) throw new ConcurrentUpdate(row.id);
      return rows[0]!.version;
    },
    explain: (error) => refusedAgent(error, row),
  };
}

/**
 * More written in a write's statement (the number's events): CTEs that follow the write's, their
 * parameters numbered after the write's, and `result`, an expression of the result row.
 */
export interface StatementPart {
  ctes: string;
  parameters: unknown[];
  result: string;
}

/** The write's statement, on its own or with a part; the part's result is the column `part`. */
export function writeSql(write: PhoneNumberWrite, part: StatementPart | null = null): string {
  if (!part) return `WITH ${write.ctes} ${write.result}`;
  return `WITH ${write.ctes}, ${part.ctes}
    SELECT written.version, ${part.result} AS part FROM (${write.result}) AS written`;
}

/** Removing a number removes its analyzer links too (ON DELETE CASCADE); removing it twice is fine. */
export function deleteStatement(phoneNumber: PhoneNumber): PhoneNumberWrite {
  return {
    phoneNumber,
    ctes: 'deleted AS (DELETE FROM phone_number WHERE id = $1 RETURNING id)',
    gate: 'deleted',
    result: 'SELECT count(*)::int AS version FROM deleted',
    parameters: [phoneNumber.id],
    settle: () => null,
    explain: (error) => error,
  };
}

/**
 * Numbers not registered yet, with their analyzer links: `ctes` ending in `inserted`, which
 * returns the `id` of each number inserted. Rows whose number or sid exists already are skipped,
 * which also settles concurrent imports without an error. A column whose value is the same in
 * every row (the organization, the time of the page, the defaults of a new number) travels as one
 * parameter rather than an array of a value per row.
 */
export interface InsertManyWrite {
  readonly ctes: string;
  readonly gate: 'inserted';
  readonly parameters: unknown[];
}

export function insertManyStatement(rows: readonly PhoneNumberPrimitives[]): InsertManyWrite {
  const first = rows[0]!;
  const links = rows.flatMap((row) => row.analyzerIds.map((analyzerId) => [row.id, analyzerId]));
  const parameters: unknown[] = [];
  const varying: Column[] = [];
  const arrays: string[] = [];
  const values = FIELDS.map((field) => {
    // Ids are never shared: one array always sets the number of rows.
    if (field !== 'id' && rows.every((row) => same(row[field], first[field]))) {
      parameters.push(parameter(first, field));
      return `$${parameters.length}::${COLUMNS[field][1]}`;
    }
    varying.push(field);
    parameters.push(
      typedArrayParameter(
        COLUMNS[field][1],
        rows.map((row) => parameter(row, field)),
      ),
    );
    arrays.push(`$${parameters.length}::${COLUMNS[field][1]}[]`);
    return `given.${COLUMNS[field][0]}`;
  });
  parameters.push(
    arrayParameter(links.map(([id]) => id!)),
    arrayParameter(links.map(([, analyzerId]) => analyzerId!)),
  );
  const columns = FIELDS.map((f) => COLUMNS[f][0]).join(', ');
  return {
    ctes: `inserted AS (
        INSERT INTO phone_number (${columns})
        SELECT ${values.join(', ')}
        FROM unnest(${arrays.join(', ')}) AS given(${varying.map((f) => COLUMNS[f][0]).join(', ')})
        ON CONFLICT DO NOTHING
        RETURNING id),
      links AS (
        INSERT INTO phone_number_analyzer (phone_number_id, analyzer_id)
        SELECT link.id, link.analyzer_id
        FROM unnest($${parameters.length - 1}::uuid[], $${parameters.length}::uuid[]) AS link(id, analyzer_id)
        JOIN inserted USING (id))`,
    gate: 'inserted',
    parameters,
  };
}

/**
 * The bulk insert's statement, on its own or with a part: one row, `inserted` (the ids of the
 * numbers inserted, as `insertedIds` reads them) and, with a part, its result as `part`.
 */
export function insertManySql(write: InsertManyWrite, part: StatementPart | null = null): string {
  // One text rather than a uuid[]: splitting it costs a fraction of parsing an array literal.
  const inserted = `(SELECT string_agg(id::text, ',') FROM inserted) AS inserted`;
  if (!part) return `WITH ${write.ctes} SELECT ${inserted}`;
  return `WITH ${write.ctes}, ${part.ctes} SELECT ${inserted}, ${part.result} AS part`;
}

/** The ids in the `inserted` column of the bulk insert's row (NULL when it inserted none). */
export function insertedIds(inserted: string | null): string[] {
  return inserted === null ? [] : inserted.split(',');
}

/** PostgreSQL's own check that a number's agent is one of its organization's. */
function refusedAgent(error: unknown, row: PhoneNumberPrimitives): unknown {
  return violatedForeignKey(error) === 'phone_number_agent_fkey' && row.agentId
    ? new AgentNotFound(row.agentId)
    : error;
}

/** A field as its parameter: JSON columns travel as their text, null as SQL NULL. */
function parameter(row: PhoneNumberPrimitives, field: Column): unknown {
  const value = row[field];
  return COLUMNS[field][1] === 'jsonb' && value !== null ? JSON.stringify(value) : value;
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((value, i) => value === b[i]);
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return a === b;
}
