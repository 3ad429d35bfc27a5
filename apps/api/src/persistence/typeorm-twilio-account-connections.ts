import {
  NewTwilioAccountConnection,
  TwilioAccountConnection,
  TwilioAccountConnections,
  TwilioAccountSid,
} from '@loquent/telephony-domain';
import { DataSource, Repository } from 'typeorm';
import { TwilioTokenVault } from '../twilio-accounts/twilio-token-vault';
import { TwilioAccountConnectionOrmEntity } from './twilio-account-connection.orm-entity';
import { isUuid } from './uuid';

/** Organizations' own Twilio accounts in PostgreSQL, the auth token sealed by the vault. */
export class TypeOrmTwilioAccountConnections extends TwilioAccountConnections {
  private readonly rows: Repository<TwilioAccountConnectionOrmEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly vault: TwilioTokenVault,
  ) {
    super();
    this.rows = dataSource.getRepository(TwilioAccountConnectionOrmEntity);
  }

  async save(connection: NewTwilioAccountConnection): Promise<TwilioAccountConnection> {
    const row = {
      organizationId: connection.organizationId,
      accountSid: connection.accountSid.value,
      authTokenEncrypted: this.vault.seal(
        connection.organizationId,
        connection.accountSid,
        connection.authToken,
      ),
      friendlyName: connection.friendlyName,
      updatedAt: connection.connectedAt,
    };
    // One statement, so two connects racing for one organization leave one of them whole.
    await this.rows.upsert(row, ['organizationId']);
    return toConnection(row);
  }

  async find(organizationId: string): Promise<TwilioAccountConnection | null> {
    if (!isUuid(organizationId)) return null;
    // Plain SQL: read on every request that reaches Twilio, where TypeORM's query builder cost
    // more CPU than the statement.
    const [row] = (await this.dataSource.query(
      `SELECT organization_id AS "organizationId", account_sid AS "accountSid",
              auth_token_encrypted AS "authTokenEncrypted", friendly_name AS "friendlyName",
              updated_at AS "updatedAt"
         FROM twilio_account_connection WHERE organization_id = $1`,
      [organizationId],
    )) as Parameters<typeof toConnection>[0][];
    return row ? toConnection(row) : null;
  }

  async findByAccountSid(accountSid: TwilioAccountSid): Promise<TwilioAccountConnection | null> {
    const row = await this.rows.findOne({
      where: { accountSid: accountSid.value },
      order: { updatedAt: 'DESC' },
    });
    return row ? toConnection(row) : null;
  }

  async remove(organizationId: string): Promise<boolean> {
    if (!isUuid(organizationId)) return false;
    const { affected } = await this.rows.delete({ organizationId });
    return (affected ?? 0) > 0;
  }
}

function toConnection(
  row: Pick<
    TwilioAccountConnectionOrmEntity,
    'organizationId' | 'accountSid' | 'authTokenEncrypted' | 'friendlyName' | 'updatedAt'
  >,
): TwilioAccountConnection {
  return {
    organizationId: row.organizationId,
    accountSid: TwilioAccountSid.parse(row.accountSid),
    friendlyName: row.friendlyName,
    sealedAuthToken: row.authTokenEncrypted,
    connectedAt: new Date(row.updatedAt),
  };
}
