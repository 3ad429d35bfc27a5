import { Injectable, Optional } from '@nestjs/common';
import {
  E164Number,
  InsertManyResult,
  NumberAlreadyRegistered,
  PhoneNumber,
  PhoneNumberListQuery,
  PhoneNumberRepository,
  PhoneNumberSummary,
  TwilioNumberSid,
} from '@loquent/telephony-domain';
import { DataSource, EntityManager } from 'typeorm';
import { DomainEventPublisher } from '../system/domain-event-publisher';
import { PhoneNumberMapper } from './phone-number.mapper';
import { PhoneNumberOrmEntity } from './phone-number.orm-entity';
import { violatedUniqueConstraint } from './postgres-errors';
import { isUuid } from './uuid';

const IDENTITY_CONSTRAINTS = new Set(['phone_number_number_key', 'phone_number_twilio_sid_key']);

/** What an update may change; the identity of a number (org, number, sid, source) never moves. */
const MUTABLE_COLUMNS = [
  'friendly_name',
  'agent_id',
  'previous_voice_url',
  'voice_url_status',
  'voice_url_configured_at',
  'updated_at',
];

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

@Injectable()
export class TypeOrmPhoneNumberRepository extends PhoneNumberRepository {
  constructor(
    private readonly dataSource: DataSource,
    @Optional() private readonly events?: DomainEventPublisher,
  ) {
    super();
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
    // Its analyzer links go with it (ON DELETE CASCADE).
    await this.dataSource.query('DELETE FROM phone_number WHERE id = $1', [phoneNumber.id]);
    this.events?.publish(phoneNumber.pullDomainEvents());
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
    return entity ? PhoneNumberMapper.toDomain(entity, raw[0]!.analyzer_ids) : null;
  }

  async findRegisteredSids(sids: readonly TwilioNumberSid[]): Promise<Set<string>> {
    if (sids.length === 0) return new Set();
    const rows: { twilio_sid: string }[] = await this.dataSource.query(
      'SELECT twilio_sid FROM phone_number WHERE twilio_sid = ANY($1::text[])',
      [sids.map((sid) => sid.value)],
    );
    return new Set(rows.map((row) => row.twilio_sid));
  }

  async isNumberRegistered(number: E164Number): Promise<boolean> {
    return this.dataSource.getRepository(PhoneNumberOrmEntity).existsBy({ number: number.value });
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
    const { entity, analyzerIds } = PhoneNumberMapper.toPersistence(phoneNumber);
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager
          .createQueryBuilder()
          .insert()
          .into(PhoneNumberOrmEntity)
          .values(entity)
          .orUpdate(MUTABLE_COLUMNS, ['id'])
          .updateEntity(false)
          .execute();
        await this.replaceAnalyzers(manager, entity.id, analyzerIds);
      });
    } catch (error) {
      if (IDENTITY_CONSTRAINTS.has(violatedUniqueConstraint(error) ?? '')) {
        throw new NumberAlreadyRegistered(phoneNumber.number.value);
      }
      throw error;
    }
    // Committed: what the aggregate recorded has happened.
    this.events?.publish(phoneNumber.pullDomainEvents());
  }

  async insertMany(phoneNumbers: readonly PhoneNumber[]): Promise<InsertManyResult> {
    if (phoneNumbers.length === 0) return { inserted: [], alreadyExisted: [] };
    const rows = phoneNumbers.map((n) => n.toPrimitives());
    const column = <T>(pick: (row: (typeof rows)[number]) => T): T[] => rows.map(pick);

    const inserted = await this.dataSource.transaction(async (manager) => {
      // One statement for the whole batch; rows whose number or sid exists already are skipped,
      // which also settles concurrent imports of the same numbers without an error.
      const returned: { id: string }[] = await manager.query(
        `INSERT INTO phone_number (id, organization_id, number, twilio_sid, friendly_name, agent_id,
           previous_voice_url, voice_url_status, voice_url_configured_at, source, created_at, updated_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[],
           $7::text[], $8::text[], $9::timestamptz[], $10::text[], $11::timestamptz[], $12::timestamptz[])
         ON CONFLICT DO NOTHING
         RETURNING id`,
        [
          column((r) => r.id),
          column((r) => r.organizationId),
          column((r) => r.number),
          column((r) => r.twilioSid),
          column((r) => r.friendlyName),
          column((r) => r.agentId),
          column((r) => r.previousVoiceUrl),
          column((r) => r.voiceUrlStatus),
          column((r) => r.voiceUrlConfiguredAt),
          column((r) => r.source),
          column((r) => r.createdAt),
          column((r) => r.updatedAt),
        ],
      );
      const insertedIds = new Set(returned.map((row) => row.id));
      const links = rows
        .filter((row) => insertedIds.has(row.id))
        .flatMap((row) => row.analyzerIds.map((analyzerId) => [row.id, analyzerId] as const));
      if (links.length > 0) {
        await manager.query(
          `INSERT INTO phone_number_analyzer (phone_number_id, analyzer_id)
           SELECT * FROM unnest($1::uuid[], $2::uuid[])`,
          [links.map(([id]) => id), links.map(([, analyzerId]) => analyzerId)],
        );
      }
      return insertedIds;
    });

    const result: InsertManyResult = {
      inserted: phoneNumbers.filter((n) => inserted.has(n.id)),
      alreadyExisted: phoneNumbers.filter((n) => !inserted.has(n.id)),
    };
    // Only the inserted ones happened; the others' events are dropped with them.
    this.events?.publish(result.inserted.flatMap((n) => n.pullDomainEvents()));
    for (const n of result.alreadyExisted) n.pullDomainEvents();
    return result;
  }

  private async replaceAnalyzers(
    manager: EntityManager,
    phoneNumberId: string,
    analyzerIds: string[],
  ): Promise<void> {
    await manager.query(
      `WITH wanted AS (SELECT unnest($2::uuid[]) AS analyzer_id),
            removed AS (
              DELETE FROM phone_number_analyzer
              WHERE phone_number_id = $1 AND analyzer_id NOT IN (SELECT analyzer_id FROM wanted))
       INSERT INTO phone_number_analyzer (phone_number_id, analyzer_id)
       SELECT $1, analyzer_id FROM wanted
       ON CONFLICT DO NOTHING`,
      [phoneNumberId, analyzerIds],
    );
  }
}
