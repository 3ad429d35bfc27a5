import {
  E164Number,
  InsertManyResult,
  PhoneNumber,
  PhoneNumberListQuery,
  PhoneNumberPrimitives,
  PhoneNumberRepository,
  PhoneNumberSummary,
  TwilioNumberSid,
} from '@loquent/telephony-domain';
import { DataSource, EntityManager } from 'typeorm';
import { PhoneNumberMapper } from './phone-number.mapper';
import { PhoneNumberOrmEntity } from './phone-number.orm-entity';
import { isUuid } from './uuid';
import {
  deleteStatement,
  insertedIds,
  insertManySql,
  insertManyStatement,
  PhoneNumberWrite,
  rememberStored,
  saveStatement,
  StatementPart,
  writeSql,
} from './phone-number-writes';
import { arrayParameter } from './postgres-arrays';

/**
 * Where the repository's writes go: straight to the database, or to a unit of work that writes
 * them when it commits.
 */
export interface PhoneNumberWriteTarget {
  /** A write of one number; whoever runs it settles the number's version. */
  write(write: PhoneNumberWrite): Promise<void>;
  /** A write whose result the caller needs now, and the numbers it turned out to save. */
  now<T>(
    run: (manager: EntityManager) => Promise<{ result: T; saved: readonly PhoneNumber[] }>,
  ): Promise<T>;
}

/** Runs each write at once, as one statement: it is atomic on its own. */
export class ImmediateWrites implements PhoneNumberWriteTarget {
  constructor(private readonly dataSource: DataSource) {}

  async write(write: PhoneNumberWrite): Promise<void> {
    const version = await runWrite(this.dataSource.manager, write);
    settled(write.phoneNumber, version);
  }

  async now<T>(
    run: (manager: EntityManager) => Promise<{ result: T; saved: readonly PhoneNumber[] }>,
  ): Promise<T> {
    const { result, saved } = await run(this.dataSource.manager);
    for (const phoneNumber of saved) settled(phoneNumber, 1);
    return result;
  }
}

/** Runs one write's statement; the number's version once it has run, null when it is gone. */
export async function runWrite(
  manager: EntityManager,
  write: PhoneNumberWrite,
): Promise<number | null> {
  return (await runWriteWith(manager, write, null)).version;
}

/** Runs one write's statement with `part` in it: the version, and what the part's result was. */
export async function runWriteWith(
  manager: EntityManager,
  write: PhoneNumberWrite,
  part: StatementPart | null,
): Promise<{ version: number | null; part: unknown }> {
  let rows: { version: number; part?: unknown }[];
  try {
    rows = await manager.query(
      writeSql(write, part),
      part ? [...write.parameters, ...part.parameters] : write.parameters,
    );
  } catch (error) {
    throw write.explain(error);
  }
  return { version: write.settle(rows), part: rows[0]?.part ?? null };
}

/** The write has committed: the copy is what is stored now (`primitives`, where known already). */
export function settled(
  phoneNumber: PhoneNumber,
  version: number | null,
  primitives?: PhoneNumberPrimitives,
): void {
  if (version === null) return;
  phoneNumber.markPersisted(version);
  rememberStored(phoneNumber, primitives);
}

interface SummaryRow {
  id: string;
  number: string;
  twilio_sid: string;
  friendly_name: string | null;
  agent_id: string | null;
  voice_url_status: PhoneNumberSummary['voiceUrlStatus'];
  source: PhoneNumberSummary['source'];
  created_at: Date;
}

/**
 * PhoneNumberRepository on PostgreSQL. Reads go to the database at once; writes go to its write
 * target. It never publishes or pulls domain events: the unit of work does.
 */
export class TypeOrmPhoneNumberRepository extends PhoneNumberRepository {
  private readonly writes: PhoneNumberWriteTarget;

  constructor(
    private readonly dataSource: DataSource,
    writes?: PhoneNumberWriteTarget,
  ) {
    super();
    this.writes = writes ?? new ImmediateWrites(dataSource);
  }

  async findById(organizationId: string, id: string): Promise<PhoneNumber | null> {
    // Not a UUID, so not a number of anyone's: answer without asking PostgreSQL to cast it.
    if (!isUuid(id) || !isUuid(organizationId)) return null;
    return this.findOne('p.id = :id AND p.organization_id = :organizationId', {
      id,
      organizationId,
    });
  }

  async findByNumber(number: E164Number): Promise<PhoneNumber | null> {
    return this.findOne('p.number = :number', { number: number.value });
  }

  async delete(phoneNumber: PhoneNumber): Promise<void> {
    await this.writes.write(deleteStatement(phoneNumber));
  }

  private async findOne(
    where: string,
    parameters: Record<string, string>,
  ): Promise<PhoneNumber | null> {
    const { entities, raw } = await this.dataSource
      .getRepository(PhoneNumberOrmEntity)
      .createQueryBuilder('p')
      .addSelect(
        'ARRAY(SELECT pa.analyzer_id::text FROM phone_number_analyzer pa WHERE pa.phone_number_id = p.id ORDER BY 1)',
        'analyzer_ids',
      )
      .where(where, parameters)
      .getRawAndEntities<{ analyzer_ids: string[] }>();
    const entity = entities[0];
    return entity ? rememberStored(PhoneNumberMapper.toDomain(entity, raw[0]!.analyzer_ids)) : null;
  }

  async findRegisteredSids(sids: readonly TwilioNumberSid[]): Promise<Set<string>> {
    if (sids.length === 0) return new Set();
    const rows: { twilio_sid: string }[] = await this.dataSource.query(
      'SELECT twilio_sid FROM phone_number WHERE twilio_sid = ANY($1::text[])',
      [arrayParameter(sids.map((sid) => sid.value))],
    );
    return new Set(rows.map((row) => row.twilio_sid));
  }

  async isNumberRegistered(number: E164Number): Promise<boolean> {
    // Plain SQL: on every buy, where TypeORM's query builder cost more CPU than the statement.
    const [row] = (await this.dataSource.query(
      'SELECT EXISTS (SELECT 1 FROM phone_number WHERE number = $1) AS registered',
      [number.value],
    )) as { registered: boolean }[];
    return row!.registered;
  }

  async list(query: PhoneNumberListQuery): Promise<PhoneNumberSummary[]> {
    // Two statements rather than "$2 IS NULL OR number > $2", so each gets a plain index range scan.
    const columns =
      'id, number, twilio_sid, friendly_name, agent_id, voice_url_status, source, created_at';
    const rows: SummaryRow[] = query.after
      ? await this.dataSource.query(
          `SELECT ${columns} FROM phone_number WHERE organization_id = $1 AND number > $2 ORDER BY number LIMIT $3`,
          [query.organizationId, query.after.value, query.limit],
        )
      : await this.dataSource.query(
          `SELECT ${columns} FROM phone_number WHERE organization_id = $1 ORDER BY number LIMIT $2`,
          [query.organizationId, query.limit],
        );
    return rows.map((row) => ({
      id: row.id,
      number: row.number,
      twilioSid: row.twilio_sid,
      friendlyName: row.friendly_name,
      agentId: row.agent_id,
      voiceUrlStatus: row.voice_url_status,
      source: row.source,
      createdAt: row.created_at,
    }));
  }

  async save(phoneNumber: PhoneNumber): Promise<void> {
    const write = saveStatement(phoneNumber);
    if (write) await this.writes.write(write);
  }

  async insertMany(phoneNumbers: readonly PhoneNumber[]): Promise<InsertManyResult> {
    if (phoneNumbers.length === 0) return { inserted: [], alreadyExisted: [] };
    const write = insertManyStatement(phoneNumbers.map((n) => n.toPrimitives()));
    return this.writes.now(async (manager) => {
      const [row]: { inserted: string | null }[] = await manager.query(
        insertManySql(write),
        write.parameters,
      );
      const result = insertManyResult(phoneNumbers, new Set(insertedIds(row!.inserted)));
      return { result, saved: result.inserted };
    });
  }
}

/** Which of the numbers were inserted (their ids returned), and which were registered already. */
export function insertManyResult(
  phoneNumbers: readonly PhoneNumber[],
  inserted: ReadonlySet<string>,
): InsertManyResult {
  return {
    inserted: phoneNumbers.filter((n) => inserted.has(n.id)),
    alreadyExisted: phoneNumbers.filter((n) => !inserted.has(n.id)),
  };
}
