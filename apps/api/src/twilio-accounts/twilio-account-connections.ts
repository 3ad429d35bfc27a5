import { Inject, Injectable, Optional } from '@nestjs/common';
import { TwilioCallObserver } from '../observability/twilio-call-observer';
import { TelephonyProviderError } from '@loquent/telephony-domain';
import { DataSource } from 'typeorm';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { ProblemException } from '../http/problem.exception';
import { TwilioAccountConnectionOrmEntity } from '../persistence/twilio-account-connection.orm-entity';
import { isUuid } from '../persistence/uuid';
import { createTwilioClient } from '../twilio/twilio-clients';
import { toProviderError } from '../twilio/twilio-error-mapper';
import { TwilioApiError } from '../twilio/twilio-http.errors';
import { CredentialsCipher } from './credentials-cipher';

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
}

export type ConnectionStatus =
  | { connected: false }
  | {
      connected: true;
      accountSid: string;
      friendlyName: string | null;
      working: boolean;
      /** Why it does not work, when it does not. */
      problem: { code: string; detail: string; twilioCode: number | null } | null;
    };

/** How long a process trusts what it read of an organization's connection (others may change it). */
const CACHE_TTL_MS = 10_000;

/**
 * Organizations' own Twilio accounts ("bring your own"). Credentials are checked against Twilio
 * before they are kept, and the auth token is kept sealed (AES-256-GCM): it is never returned and
 * never logged. An organization with its own account is served from it alone.
 */
@Injectable()
export class TwilioAccountConnections {
  private readonly cipher: CredentialsCipher;
  private readonly cache = new Map<
    string,
    { credentials: TwilioCredentials | null; expiresAt: number }
  >();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @Optional() private readonly observer?: TwilioCallObserver,
  ) {
    this.cipher = new CredentialsCipher(config.credentialsEncryptionKey);
  }

  /** Checks the credentials with Twilio, then keeps them for the organization (replacing any). */
  async connect(organizationId: string, credentials: TwilioCredentials): Promise<ConnectionStatus> {
    const account = await this.fetchAccount(credentials).catch((error: unknown) => {
      throw refusal(error);
    });
    if (account.status !== 'active') {
      throw new ProblemException({
        status: 422,
        code: 'twilio_account_not_active',
        title: 'Twilio account not active',
        detail: `Twilio says this account is ${account.status}`,
      });
    }
    await this.dataSource.query(
      `INSERT INTO twilio_account_connection (organization_id, account_sid, auth_token_encrypted, friendly_name)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (organization_id) DO UPDATE
         SET account_sid = EXCLUDED.account_sid, auth_token_encrypted = EXCLUDED.auth_token_encrypted,
             friendly_name = EXCLUDED.friendly_name, updated_at = now()`,
      [
        organizationId,
        credentials.accountSid,
        this.seal(organizationId, credentials),
        account.friendlyName,
      ],
    );
    this.cache.delete(organizationId);
    return {
      connected: true,
      accountSid: credentials.accountSid,
      friendlyName: account.friendlyName,
      working: true,
      problem: null,
    };
  }

  /** True when there was a connection to remove. */
  async disconnect(organizationId: string): Promise<boolean> {
    const [, removed]: [unknown, number] = await this.dataSource.query(
      'DELETE FROM twilio_account_connection WHERE organization_id = $1',
      [organizationId],
    );
    this.cache.delete(organizationId);
    return removed > 0;
  }

  /** The connection and whether Twilio still accepts it, asked now. */
  async status(organizationId: string): Promise<ConnectionStatus> {
    const row = await this.row(organizationId);
    if (!row) return { connected: false };
    const credentials = this.open(row);
    try {
      const account = await this.fetchAccount(credentials);
      const working = account.status === 'active';
      return {
        connected: true,
        accountSid: row.accountSid,
        friendlyName: account.friendlyName ?? row.friendlyName,
        working,
        problem: working
          ? null
          : {
              code: 'twilio_account_not_active',
              detail: `Twilio says this account is ${account.status}`,
              twilioCode: null,
            },
      };
    } catch (error) {
      const mapped = toProviderError('fetchAccount', error);
      return {
        connected: true,
        accountSid: row.accountSid,
        friendlyName: row.friendlyName,
        working: false,
        problem: {
          code: mapped instanceof TelephonyProviderError ? mapped.code : 'unknown',
          detail: mapped.message,
          twilioCode: mapped instanceof TelephonyProviderError ? mapped.params.providerCode : null,
        },
      };
    }
  }

  /** The organization's own credentials; null when it uses the platform's account. */
  async credentialsFor(organizationId: string): Promise<TwilioCredentials | null> {
    const cached = this.cache.get(organizationId);
    if (cached && cached.expiresAt > Date.now()) return cached.credentials;
    const row = await this.row(organizationId);
    const credentials = row ? this.open(row) : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(organizationId, { credentials, expiresAt: Date.now() + CACHE_TTL_MS });
    return credentials;
  }

  /** The auth token of a Twilio account Loquent knows (the platform's or a connected one). */
  async authTokenOf(accountSid: string): Promise<string | null> {
    if (accountSid === this.config.twilio.accountSid) return this.config.twilio.authToken;
    const rows = await this.dataSource
      .getRepository(TwilioAccountConnectionOrmEntity)
      .find({ where: { accountSid }, order: { updatedAt: 'DESC' }, take: 1 });
    return rows[0] ? this.open(rows[0]).authToken : null;
  }

  private async row(organizationId: string): Promise<TwilioAccountConnectionOrmEntity | null> {
    if (!isUuid(organizationId)) return null;
    return this.dataSource
      .getRepository(TwilioAccountConnectionOrmEntity)
      .findOneBy({ organizationId });
  }

  private seal(organizationId: string, credentials: TwilioCredentials): string {
    return this.cipher.encrypt(
      credentials.authToken,
      `${organizationId}:${credentials.accountSid}`,
    );
  }

  private open(row: TwilioAccountConnectionOrmEntity): TwilioCredentials {
    return {
      accountSid: row.accountSid,
      authToken: this.cipher.decrypt(
        row.authTokenEncrypted,
        `${row.organizationId}:${row.accountSid}`,
      ),
    };
  }

  private async fetchAccount(
    credentials: TwilioCredentials,
  ): Promise<{ status: string; friendlyName: string | null }> {
    const client = createTwilioClient(credentials.accountSid, credentials.authToken, {
      ...this.config.twilio,
      onCall: this.observer?.observe,
    });
    const account = await client.api.v2010.accounts(credentials.accountSid).fetch();
    return { status: account.status, friendlyName: account.friendlyName || null };
  }
}

/** Why Twilio would not take the credentials, as the client should hear it. */
function refusal(error: unknown): unknown {
  if (
    error instanceof TwilioApiError &&
    (error.status === 401 || error.status === 403 || error.status === 404)
  ) {
    return new ProblemException({
      status: 422,
      code: 'twilio_credentials_refused',
      title: 'Twilio refused these credentials',
      detail: 'Twilio did not accept this account sid and auth token; nothing was saved',
      extensions: {
        twilio_status: error.status,
        ...(error.code === null ? {} : { twilio_code: error.code }),
      },
    });
  }
  return toProviderError('fetchAccount', error);
}
