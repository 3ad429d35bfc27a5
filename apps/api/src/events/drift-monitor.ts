import { uuidV7 } from '../system/uuid-v7';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import {
  CheckVoiceUrls,
  Clock,
  PhoneNumberMissingFromAccount,
  VoiceUrlDrifted,
  VoiceWebhookUrls,
} from '@loquent/telephony-domain';
import { DataSource } from 'typeorm';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { DRIFT_CHECK_QUEUE, JobEngine } from '../webhooks/job-engine';
import { AuditContext, DRIFT_CHECK } from './audit-context';
import { PhoneNumberEventLog } from './phone-number-event-log';
import { eventRecord, type PhoneNumberEventRecord } from './phone-number-event';

type DriftState = 'in_sync' | 'drifted' | 'missing';

/**
 * The drift check on a schedule (DRIFT_CHECK_INTERVAL_MS): a pg-boss job on a `stately` queue
 * under one key, so across replicas one run is queued and one runs at most; each run queues the
 * next. What it finds of each number is kept (phone_number_drift_state), and an event is recorded
 * only when that changes: a number that drifted is one `voice_url_drifted`, however many runs see
 * it so.
 */
@Injectable()
export class DriftMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DriftCheck');
  private workerId: string | null = null;

  constructor(
    private readonly jobs: JobEngine,
    private readonly checkVoiceUrls: CheckVoiceUrls,
    private readonly webhookUrls: VoiceWebhookUrls,
    private readonly eventLog: PhoneNumberEventLog,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const interval = this.config.driftCheckIntervalMs;
    this.workerId = await this.jobs.boss.work(
      DRIFT_CHECK_QUEUE,
      { pollingIntervalSeconds: Math.max(0.5, Math.min(30, interval / 4000)) },
      async () => {
        try {
          await AuditContext.run(DRIFT_CHECK, () => this.runOnce());
        } finally {
          await this.scheduleNext();
        }
      },
    );
    // The first run of a fresh database; with one queued already, pg-boss keeps that one.
    await this.scheduleNext();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.workerId) await this.jobs.boss.offWork(DRIFT_CHECK_QUEUE, { id: this.workerId });
  }

  private async scheduleNext(): Promise<void> {
    await this.jobs.boss.send(
      DRIFT_CHECK_QUEUE,
      {},
      {
        singletonKey: 'drift-check',
        startAfter: new Date(Date.now() + this.config.driftCheckIntervalMs),
      },
    );
  }

  /** One pass over every organization with numbers; one failing organization stops no other. */
  async runOnce(): Promise<void> {
    const organizations: { organization_id: string }[] = await this.dataSource.query(
      'SELECT DISTINCT organization_id FROM phone_number',
    );
    for (const { organization_id: organizationId } of organizations) {
      try {
        await this.checkOrganization(organizationId);
      } catch (error) {
        this.logger.warn(`Drift check of organization ${organizationId} failed: ${String(error)}`);
      }
    }
  }

  private async checkOrganization(organizationId: string): Promise<void> {
    const report = await this.checkVoiceUrls.execute({ organizationId });
    const found = new Map<string, { state: DriftState; voiceUrl: string | null }>();
    for (const n of report.drifted) found.set(n.id, { state: 'drifted', voiceUrl: n.voiceUrl });
    for (const n of report.missing) found.set(n.id, { state: 'missing', voiceUrl: null });
    const expected = this.webhookUrls.voiceUrl().value;
    const at = this.clock.now();

    await this.dataSource.transaction(async (manager) => {
      const numbers: {
        id: string;
        number: string;
        twilio_sid: string;
        state: DriftState | null;
      }[] = await manager.query(
        `SELECT p.id, p.number, p.twilio_sid, s.state
             FROM phone_number p LEFT JOIN phone_number_drift_state s ON s.phone_number_id = p.id
            WHERE p.organization_id = $1`,
        [organizationId],
      );
      const records: PhoneNumberEventRecord[] = [];
      const ids: string[] = [];
      const states: DriftState[] = [];
      const urls: (string | null)[] = [];
      for (const n of numbers) {
        const now = found.get(n.id) ?? { state: 'in_sync' as const, voiceUrl: null };
        ids.push(n.id);
        states.push(now.state);
        urls.push(now.voiceUrl);
        if (now.state === (n.state ?? 'in_sync')) continue;
        if (now.state === 'drifted') {
          records.push(
            eventRecord(
              uuidV7(),
              organizationId,
              new VoiceUrlDrifted(n.id, at, expected, now.voiceUrl),
              AuditContext.current(),
            ),
          );
        } else if (now.state === 'missing') {
          records.push(
            eventRecord(
              uuidV7(),
              organizationId,
              new PhoneNumberMissingFromAccount(n.id, at, n.number, n.twilio_sid),
              AuditContext.current(),
            ),
          );
        }
      }
      await manager.query(
        `INSERT INTO phone_number_drift_state (phone_number_id, state, voice_url, checked_at)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], array_fill($4::timestamptz, ARRAY[cardinality($1::uuid[])]))
         ON CONFLICT (phone_number_id) DO UPDATE
           SET state = excluded.state, voice_url = excluded.voice_url, checked_at = excluded.checked_at`,
        [ids, states, urls, at],
      );
      await this.eventLog.write(manager, records);
    });
  }
}
