import { Voicemail, VoicemailPageQuery, Voicemails } from '@loquent/telephony-domain';
import { DataSource } from 'typeorm';
import { isUuid } from './uuid';

const COLUMNS = `id, organization_id, phone_number_id, recording_sid, call_sid, caller, duration_s,
  recording_url, received_at`;

interface Row {
  id: string;
  organization_id: string;
  phone_number_id: string;
  recording_sid: string;
  call_sid: string;
  caller: string;
  duration_s: number;
  recording_url: string;
  received_at: Date;
}

/** Voicemails on the voicemail table, newest first by (received_at, id). */
export class TypeOrmVoicemails extends Voicemails {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async add(voicemail: Voicemail): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO voicemail (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (recording_sid) DO NOTHING
       RETURNING id`,
      [
        voicemail.id,
        voicemail.organizationId,
        voicemail.phoneNumberId,
        voicemail.recordingSid,
        voicemail.callSid,
        voicemail.caller,
        voicemail.durationSeconds,
        voicemail.recordingUrl,
        voicemail.receivedAt,
      ],
    );
    return rows.length === 1;
  }

  async list(query: VoicemailPageQuery): Promise<Voicemail[]> {
    const rows: Row[] = query.after
      ? await this.dataSource.query(
          `SELECT ${COLUMNS} FROM voicemail
           WHERE organization_id = $1 AND phone_number_id = $2 AND (received_at, id) < ($3, $4)
           ORDER BY received_at DESC, id DESC LIMIT $5`,
          [
            query.organizationId,
            query.phoneNumberId,
            query.after.receivedAt,
            query.after.id,
            query.limit,
          ],
        )
      : await this.dataSource.query(
          `SELECT ${COLUMNS} FROM voicemail WHERE organization_id = $1 AND phone_number_id = $2
           ORDER BY received_at DESC, id DESC LIMIT $3`,
          [query.organizationId, query.phoneNumberId, query.limit],
        );
    return rows.map(toDomain);
  }

  async find(organizationId: string, id: string): Promise<Voicemail | null> {
    if (!isUuid(organizationId) || !isUuid(id)) return null;
    const [row]: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM voicemail WHERE organization_id = $1 AND id = $2`,
      [organizationId, id],
    );
    return row ? toDomain(row) : null;
  }
}

function toDomain(row: Row): Voicemail {
  return {
    id: row.id,
    organizationId: row.organization_id,
    phoneNumberId: row.phone_number_id,
    recordingSid: row.recording_sid,
    callSid: row.call_sid,
    caller: row.caller,
    durationSeconds: row.duration_s,
    recordingUrl: row.recording_url,
    receivedAt: row.received_at,
  };
}
