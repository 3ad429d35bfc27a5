import { randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { TwilioSandbox } from '@loquent/twilio-sandbox';
import type { Clock } from '@loquent/telephony-domain';
import { createApp } from '../../../apps/api/src/app.factory';
import { ALL_PERMISSIONS } from '../../../apps/api/src/auth/permissions';
import { issueToken } from '../../../apps/api/src/auth/token-issuer';
import { RuntimeConfig } from '../../../apps/api/src/config/runtime-config';
import { MetricsServer } from '../../../apps/api/src/observability/metrics-server';
import { OrganizationAdmin } from '../../../apps/api/src/organizations/organization-admin';
import { createTestDatabase, TestDatabase } from '../postgres/test-database';
import { checkedHttp } from './checked-http';
import { OpenApiContract } from './openapi-contract';

export const PUBLIC_BASE_URL = 'https://api.loquent.test';
export const LOQUENT_VOICE_URL = `${PUBLIC_BASE_URL}/twilio/voice`;

export interface TestOrganization {
  id: string;
  /** A token with every permission. */
  token: string;
  /** A token with only these permissions. */
  tokenWith(...permissions: string[]): string;
  defaultAnalyzerIds: string[];
  /** An agent of the organization, to assign its numbers to. */
  agentId: string;
}

/**
 * The real application, built as main.ts builds it, on its own PostgreSQL database and the Twilio
 * sandbox over HTTP, for end-to-end tests through supertest.
 */
export class TestApi {
  private constructor(
    readonly app: INestApplication,
    readonly database: TestDatabase,
    private readonly twilioSandbox: TwilioSandbox | null,
    readonly config: RuntimeConfig,
    private readonly ownsSandbox: boolean,
    /** The application's own OpenAPI document (/docs-json), which every answer is held to. */
    readonly contract: OpenApiContract,
    private readonly ownsDatabase = true,
    private readonly clock?: Clock,
  ) {}

  /**
   * On the Twilio sandbox (a new one unless given), or on any other stand-in of Twilio's API
   * (`twilio`), such as a mock generated from Twilio's OpenAPI description.
   */
  static async start(
    options: {
      sandbox?: TwilioSandbox;
      twilio?: { apiBaseUrl: string; accountSid: string; authToken: string };
      twilioTimeoutMs?: number;
      reconcileIntervalMs?: number;
      purchaseSettleMs?: number;
      demoOrganization?: boolean;
      /** Defaults to PUBLIC_BASE_URL; give where `listen(port)` will be, for Twilio to call back. */
      publicBaseUrl?: string;
      rateLimits?: { searchPerMinute: number; buyPerMinute: number };
      /** Any other setting, as the environment would give it. */
      overrides?: Partial<RuntimeConfig>;
      /** What "now" is for the app's choices by time (business hours); the system's if left out. */
      clock?: Clock;
    } = {},
  ): Promise<TestApi> {
    const database = await createTestDatabase();
    const sandbox = options.twilio
      ? null
      : (options.sandbox ?? (await TwilioSandbox.start({ seed: 'demo' })));
    const twilio = options.twilio ?? {
      apiBaseUrl: sandbox!.url,
      accountSid: sandbox!.accountSid,
      authToken: sandbox!.authToken,
    };
    const config: RuntimeConfig = {
      nodeEnv: 'test',
      port: 0,
      host: '127.0.0.1',
      database: { url: database.url, mode: 'external', poolSize: 5 },
      twilio: {
        ...twilio,
        timeoutMs: options.twilioTimeoutMs ?? 5_000,
        // Retries on, quickly: faults in these suites are injected often enough to outlast them.
        retryAttempts: 3,
        mode: sandbox ? 'sandbox' : 'account',
      },
      reconcileIntervalMs: options.reconcileIntervalMs ?? 60_000,
      purchaseSettleMs: options.purchaseSettleMs ?? 600_000,
      publicBaseUrl: options.publicBaseUrl ?? PUBLIC_BASE_URL,
      auth: { jwtSecret: randomBytes(32).toString('hex') },
      credentialsEncryptionKey: randomBytes(32),
      demoOrganization: options.demoOrganization ?? false,
      logLevel: 'silent',
      corsOrigins: [],
      metricsPort: 0,
      metricsHost: '127.0.0.1',
      metricsToken: null,
      rateLimits: options.rateLimits ?? { searchPerMinute: 10_000, buyPerMinute: 10_000 },
      shutdownTimeoutMs: 1_000,
      // Deliveries and retries fast enough for a test to wait on them.
      webhooks: {
        timeoutMs: 2_000,
        pollIntervalMs: 500,
        retryBaseMs: 200,
        retryMaxDelayMs: 1_000,
        retryForMs: 60_000,
        disableAfterMs: 600_000,
      },
      driftCheckIntervalMs: 3_600_000,
      ...options.overrides,
    };
    const app = await createApp(config, { clock: options.clock });
    const document = await request(app.getHttpServer()).get('/docs-json').expect(200);
    return new TestApi(
      app,
      database,
      sandbox,
      config,
      !options.sandbox,
      OpenApiContract.of(document.body),
      true,
      options.clock,
    );
  }

  /**
   * Another replica of this API: a second application on the same database, Twilio and secrets,
   * as a second process behind a load balancer would be. Close it before this one.
   */
  async replica(): Promise<TestApi> {
    const app = await createApp(this.config, { clock: this.clock });
    return new TestApi(
      app,
      this.database,
      this.twilioSandbox,
      this.config,
      false,
      this.contract,
      false,
      this.clock,
    );
  }

  get sandbox(): TwilioSandbox {
    if (!this.twilioSandbox) throw new Error('This TestApi runs against another Twilio stand-in');
    return this.twilioSandbox;
  }

  /** Listens on a loopback port (for a browser or another process); returns the base URL. */
  async listen(port = 0): Promise<string> {
    await this.app.listen(port, '127.0.0.1');
    const address = this.app.getHttpServer().address() as { port: number };
    return `http://127.0.0.1:${address.port}`;
  }

  /** supertest on the application; every answer must be one the OpenAPI document describes. */
  get http(): ReturnType<typeof request> {
    return checkedHttp(request(this.app.getHttpServer()), this.contract);
  }

  /**
   * supertest without the OpenAPI check, only for requests that are not HTTP any route could
   * take (bytes Node's HTTP parser refuses before the application sees them): the answer is
   * Node's, not the API's. Say why.
   */
  uncheckedHttp(_why: string): ReturnType<typeof request> {
    return request(this.app.getHttpServer());
  }

  /** The metrics port (METRICS_PORT), where GET /metrics is served, apart from the API. */
  get metricsHttp(): ReturnType<typeof request> {
    return request(new URL(this.app.get(MetricsServer).url).origin);
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

  /** An organization with one default analyzer (and one that is not default) and one agent. */
  async createOrganization(name = 'Acme'): Promise<TestOrganization> {
    const admin = new OrganizationAdmin(this.dataSource.manager);
    const { id } = await admin.createOrganization(name);
    const analyzer = await admin.createAnalyzer(id, 'Sentiment', true);
    await admin.createAnalyzer(id, 'Not attached by default', false);
    const agent = await admin.createAgent(id, `${name} agent`);
    const secret = this.config.auth.jwtSecret;
    return {
      id,
      token: issueToken(secret, { organizationId: id, permissions: ALL_PERMISSIONS }),
      tokenWith: (...permissions) => issueToken(secret, { organizationId: id, permissions }),
      defaultAnalyzerIds: [analyzer.id],
      agentId: agent.id,
    };
  }

  token(
    organizationId: string,
    permissions: readonly string[] = ALL_PERMISSIONS,
    expiresInSeconds?: number,
  ): string {
    return issueToken(this.config.auth.jwtSecret, {
      organizationId,
      permissions,
      expiresInSeconds,
    });
  }

  /** A number put in the sandbox's account, then imported by the organization (not configured). */
  async importedNumber(
    organization: TestOrganization,
    owned: { phoneNumber: string; friendlyName?: string; voiceUrl?: string | null },
  ): Promise<{ id: string; sid: string; number: string }> {
    const { sid, phoneNumber } = this.sandbox.ownNumber(owned);
    const synced = await this.http
      .post('/api/twilio/sync-numbers')
      .set(bearer(organization.token))
      .send({ twilio_sids: [sid] })
      .expect(200);
    return { id: synced.body.numbers[0].id, sid, number: phoneNumber };
  }

  /**
   * Every listing made so far, as if it were over a minute old: imports from then on read Twilio
   * again rather than the listing's copy (PAGE_COPY_FRESH_MS).
   */
  async ageListingsPastTheirCopies(): Promise<void> {
    await this.dataSource.query(
      `UPDATE twilio_page_hint SET seen_at = now() - interval '61 seconds'`,
    );
  }

  async phoneNumberRows(): Promise<Record<string, unknown>[]> {
    return this.dataSource.query('SELECT * FROM phone_number ORDER BY number');
  }

  async close(): Promise<void> {
    await this.app.close();
    if (this.ownsSandbox) await this.twilioSandbox?.stop();
    if (this.ownsDatabase) await this.database.drop();
  }
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
