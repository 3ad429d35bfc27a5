import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { Db, Job } from 'pg-boss';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { Metrics } from '../observability/metrics';
import { JobEngine, WEBHOOK_DELIVERY_QUEUE } from './job-engine';
import { firstJobs, type DeliveryJob } from './webhook-outbox';
import { postWebhook, type SendOutcome } from './webhook-sender';
import { signedHeaders } from './webhook-signature';
import { WebhookEndpoints } from './webhook-endpoints.store';
import { WebhookUrlPolicy, WebhookUrlRefused } from './webhook-url-policy';

interface DueDelivery {
  id: string;
  status: string;
  attempts: number;
  created_at: Date;
  endpoint_id: string;
  url: string;
  sealed_secret: string;
  disabled_at: Date | null;
  failing_since: Date | null;
  event_id: string;
  type: string;
  occurred_at: Date;
  organization_id: string;
  phone_number_id: string;
  actor: string;
  request_id: string | null;
  data: { before: unknown; after: unknown };
}

/**
 * How long a stored delivery may wait for its first job before the sweep queues it (its job is
 * queued just after the statement that stored it commits), and how often each replica looks.
 */
export const SWEEP_AFTER_MS = 30_000;
const SWEEP_BATCH = 1_000;

/**
 * Delivers events to webhook endpoints, at least once, from every replica. Each attempt is one
 * pg-boss job, run in one transaction with its record: the delivery row is locked (SKIP LOCKED)
 * for the attempt, so no two workers send one delivery at the same moment; the attempt, the next
 * try and the job's completion commit together, and a worker killed in between leaves the job to
 * expire and run again. A failure is tried again with exponential backoff and jitter, for
 * `retryForMs`; an endpoint failing without a success for `disableAfterMs` is disabled. A
 * delivery stored but never queued (the process died between the two) is queued by the sweep.
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private workerId: string | null = null;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    private readonly jobs: JobEngine,
    private readonly endpoints: WebhookEndpoints,
    private readonly policy: WebhookUrlPolicy,
    private readonly metrics: Metrics,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.workerId = await this.jobs.boss.work(
      WEBHOOK_DELIVERY_QUEUE,
      {
        transactional: true,
        localConcurrency: 4,
        pollingIntervalSeconds: this.config.webhooks.pollIntervalMs / 1000,
      } as const,
      async (jobs: Job<DeliveryJob>[], tx: Db) => {
        for (const job of jobs) await this.attempt(job.data.deliveryId, tx);
      },
    );
    this.sweeper = setInterval(() => {
      this.sweep(SWEEP_AFTER_MS).catch((error: unknown) =>
        this.logger.warn(`Sweep of unqueued deliveries failed: ${String(error)}`),
      );
    }, SWEEP_AFTER_MS);
    this.sweeper.unref();
  }

  /**
   * Queues the first job of every delivery stored at least `olderThanMs` ago and never attempted.
   * Those queued already keep their one job (it has the delivery's id, and pg-boss inserts ON
   * CONFLICT DO NOTHING), so replicas sweeping at once queue nothing twice. How many it found.
   */
  async sweep(olderThanMs: number): Promise<number> {
    let found = 0;
    // The keyset in PostgreSQL's own microseconds (a Date would cut them, and page forever).
    let after: [string, string] = ['-infinity', '00000000-0000-0000-0000-000000000000'];
    for (;;) {
      // On the job engine's own connections, beside its polling.
      const { rows } = (await this.jobs.boss.getDb().executeSql(
        `SELECT id, created_at::text FROM webhook_deliveries
          WHERE status = 'pending' AND attempts = 0 AND (created_at, id) > ($1::timestamptz, $2::uuid)
            AND created_at < now() - make_interval(secs => $3::float8 / 1000)
          ORDER BY created_at, id LIMIT ${SWEEP_BATCH}`,
        [...after, olderThanMs],
      )) as { rows: { id: string; created_at: string }[] };
      if (rows.length > 0) {
        await this.jobs.boss.insert(WEBHOOK_DELIVERY_QUEUE, firstJobs(rows.map((r) => r.id)));
      }
      found += rows.length;
      if (rows.length < SWEEP_BATCH) return found;
      const last = rows.at(-1)!;
      after = [last.created_at, last.id];
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    if (this.workerId) await this.jobs.boss.offWork(WEBHOOK_DELIVERY_QUEUE, { id: this.workerId });
  }

  private async attempt(deliveryId: string, tx: Db): Promise<void> {
    const { rows } = await tx.executeSql(
      `SELECT d.id, d.status, d.attempts, d.created_at, w.id AS endpoint_id, w.url, w.sealed_secret,
              w.disabled_at, w.failing_since, e.id AS event_id, e.type, e.occurred_at,
              e.organization_id, e.phone_number_id, e.actor, e.request_id, e.data
         FROM webhook_deliveries d
         JOIN webhook_endpoints w ON w.id = d.endpoint_id
         JOIN phone_number_events e ON e.id = d.event_id
        WHERE d.id = $1
          FOR UPDATE OF d SKIP LOCKED`,
      [deliveryId],
    );
    // Gone with its endpoint, or in the hands of another worker right now.
    const delivery = rows[0] as DueDelivery | undefined;
    if (!delivery || delivery.status !== 'pending') return;
    if (delivery.disabled_at) {
      await tx.executeSql(
        `UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL WHERE id = $1`,
        [delivery.id],
      );
      return;
    }

    const started = Date.now();
    const outcome = await this.send(delivery);
    const now = new Date();
    const durationMs = Date.now() - started;
    if (outcome.ok) {
      await this.succeeded(tx, delivery, outcome, now, durationMs);
    } else {
      await this.failed(tx, delivery, outcome, now, durationMs);
    }
  }

  private async send(delivery: DueDelivery): Promise<SendOutcome> {
    const body = JSON.stringify({
      id: delivery.event_id,
      type: delivery.type,
      timestamp: new Date(delivery.occurred_at).toISOString(),
      data: {
        organization_id: delivery.organization_id,
        phone_number_id: delivery.phone_number_id,
        actor: delivery.actor,
        request_id: delivery.request_id,
        before: delivery.data.before,
        after: delivery.data.after,
      },
    });
    try {
      const url = this.policy.parse(delivery.url);
      const secret = this.endpoints.openSecret(delivery.endpoint_id, delivery.sealed_secret);
      const headers = signedHeaders(secret, delivery.event_id, Math.floor(Date.now() / 1000), body);
      // Checked now, and again on connecting (policy.lookup) with the address connected to.
      await this.policy.check(delivery.url);
      return await postWebhook(url, headers, body, {
        timeoutMs: this.config.webhooks.timeoutMs,
        lookup: this.policy.lookup,
      });
    } catch (error) {
      if (error instanceof WebhookUrlRefused)
        return { ok: false, status: null, error: error.message };
      throw error;
    }
  }

  private async succeeded(
    tx: Db,
    delivery: DueDelivery,
    outcome: Extract<SendOutcome, { body: string }>,
    now: Date,
    durationMs: number,
  ): Promise<void> {
    await this.record(tx, delivery, outcome, now, durationMs, null);
    await tx.executeSql(
      `UPDATE webhook_deliveries
          SET status = 'delivered', attempts = attempts + 1, delivered_at = $2, next_attempt_at = NULL
        WHERE id = $1`,
      [delivery.id, now],
    );
    await tx.executeSql(`UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1`, [
      delivery.endpoint_id,
    ]);
    this.metrics.webhookDeliveries.inc({ outcome: 'sent' });
    this.metrics.webhookDeliveryLag.observe(
      (now.getTime() - new Date(delivery.occurred_at).getTime()) / 1000,
    );
  }

  private async failed(
    tx: Db,
    delivery: DueDelivery,
    outcome: SendOutcome,
    now: Date,
    durationMs: number,
  ): Promise<void> {
    const settings = this.config.webhooks;
    const attempts = delivery.attempts + 1;
    const failingSince = delivery.failing_since ? new Date(delivery.failing_since) : now;
    // failing_since was read when the attempt began: a delivery that succeeded on another worker
    // meanwhile has cleared it, so the endpoint is disabled only if it is still failing as long.
    let disable = false;
    const reason = `Disabled: every delivery failed since ${failingSince.toISOString()}`;
    if (now.getTime() - failingSince.getTime() >= settings.disableAfterMs) {
      const { rows } = await tx.executeSql(
        `UPDATE webhook_endpoints SET disabled_at = $2, disabled_reason = $3
          WHERE id = $1 AND disabled_at IS NULL AND failing_since <= $4
          RETURNING id`,
        [delivery.endpoint_id, now, reason, new Date(now.getTime() - settings.disableAfterMs)],
      );
      disable = rows.length > 0;
    }
    const retryUntil = new Date(delivery.created_at).getTime() + settings.retryForMs;
    const next = new Date(now.getTime() + backoff(attempts, settings));
    const retry = !disable && next.getTime() <= retryUntil;

    await this.record(tx, delivery, outcome, now, durationMs, retry ? next : null);
    await tx.executeSql(
      `UPDATE webhook_deliveries SET status = $2, attempts = $3, next_attempt_at = $4 WHERE id = $1`,
      [
        delivery.id,
        retry ? 'pending' : disable ? 'cancelled' : 'failed',
        attempts,
        retry ? next : null,
      ],
    );
    if (retry) {
      await this.jobs.boss.insert(
        WEBHOOK_DELIVERY_QUEUE,
        [{ data: { deliveryId: delivery.id } satisfies DeliveryJob, startAfter: next }],
        { db: tx },
      );
      this.metrics.webhookDeliveries.inc({ outcome: 'retried' });
    } else {
      this.metrics.webhookDeliveries.inc({ outcome: 'failed' });
    }

    if (disable) {
      // Deliveries other workers hold now are skipped (waiting on them could deadlock: they wait
      // for this endpoint's row); their next attempt finds the endpoint disabled and cancels them.
      await tx.executeSql(
        `UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL
          WHERE id IN (SELECT id FROM webhook_deliveries
                        WHERE endpoint_id = $1 AND status = 'pending'
                          FOR UPDATE SKIP LOCKED)`,
        [delivery.endpoint_id],
      );
      this.logger.warn(`Webhook endpoint ${delivery.endpoint_id} disabled: ${reason}`);
    } else if (!delivery.failing_since) {
      await tx.executeSql(
        `UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $2) WHERE id = $1`,
        [delivery.endpoint_id, now],
      );
    }
  }

  private async record(
    tx: Db,
    delivery: DueDelivery,
    outcome: SendOutcome,
    at: Date,
    durationMs: number,
    nextAttemptAt: Date | null,
  ): Promise<void> {
    await tx.executeSql(
      `INSERT INTO webhook_delivery_attempts
         (delivery_id, attempted_at, response_status, error, response_body, duration_ms, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        delivery.id,
        at,
        outcome.status,
        'error' in outcome ? outcome.error : null,
        'body' in outcome ? outcome.body : null,
        durationMs,
        nextAttemptAt,
      ],
    );
  }
}

/** Exponential, doubling from retryBaseMs up to retryMaxDelayMs, with half of it random. */
export function backoff(
  attempts: number,
  settings: { retryBaseMs: number; retryMaxDelayMs: number },
  random: () => number = Math.random,
): number {
  const delay = Math.min(settings.retryMaxDelayMs, settings.retryBaseMs * 2 ** (attempts - 1));
  return Math.round(delay / 2 + (random() * delay) / 2);
}
