import { TwilioAccountConnections } from '../ports/twilio-account-connections.port';
import {
  NewTwilioAccountConnection,
  TwilioAccountConnection,
} from '../twilio-account/twilio-account-connection';
import { TwilioAccountSid } from '../twilio-account/twilio-account-sid.value-object';

interface Sealed {
  organizationId: string;
  accountSid: string;
  authToken: string;
}

/**
 * TwilioAccountConnections in memory. It seals a token as the app's store does, in effect: the
 * sealed text is a fresh handle that holds nothing of the token, and `open` gives the token back
 * only for the organization and account it was sealed for.
 */
export class InMemoryTwilioAccountConnections extends TwilioAccountConnections {
  private readonly byOrganization = new Map<string, TwilioAccountConnection>();
  private readonly sealed = new Map<string, Sealed>();

  async save(connection: NewTwilioAccountConnection): Promise<TwilioAccountConnection> {
    const sealedAuthToken = `in-memory-sealed:${this.sealed.size + 1}`;
    this.sealed.set(sealedAuthToken, {
      organizationId: connection.organizationId,
      accountSid: connection.accountSid.value,
      authToken: connection.authToken.reveal(),
    });
    const stored: TwilioAccountConnection = {
      organizationId: connection.organizationId,
      accountSid: connection.accountSid,
      friendlyName: connection.friendlyName,
      sealedAuthToken,
      connectedAt: new Date(connection.connectedAt),
    };
    this.byOrganization.set(connection.organizationId, stored);
    return copy(stored);
  }

  async find(organizationId: string): Promise<TwilioAccountConnection | null> {
    const stored = this.byOrganization.get(organizationId);
    return stored ? copy(stored) : null;
  }

  async findByAccountSid(accountSid: TwilioAccountSid): Promise<TwilioAccountConnection | null> {
    const latest = [...this.byOrganization.values()]
      .filter((c) => c.accountSid.equals(accountSid))
      .sort((a, b) => b.connectedAt.getTime() - a.connectedAt.getTime())[0];
    return latest ? copy(latest) : null;
  }

  async remove(organizationId: string): Promise<boolean> {
    return this.byOrganization.delete(organizationId);
  }

  /** The token in clear, as the app's cipher opens what its store sealed. */
  open(connection: TwilioAccountConnection): string {
    const sealed = this.sealed.get(connection.sealedAuthToken);
    if (
      !sealed ||
      sealed.organizationId !== connection.organizationId ||
      sealed.accountSid !== connection.accountSid.value
    ) {
      throw new Error('Not a token this store sealed for this organization and account');
    }
    return sealed.authToken;
  }
}

function copy(connection: TwilioAccountConnection): TwilioAccountConnection {
  return { ...connection, connectedAt: new Date(connection.connectedAt) };
}
