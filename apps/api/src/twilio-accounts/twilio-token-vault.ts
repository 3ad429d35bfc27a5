import {
  TwilioAccountConnection,
  TwilioAccountSid,
  TwilioAuthToken,
} from '@loquent/telephony-domain';
import { CredentialsCipher } from './credentials-cipher';

/**
 * Seals and opens the auth tokens of organizations' own Twilio accounts (CredentialsCipher,
 * AES-256-GCM with CREDENTIALS_ENCRYPTION_KEY). A sealed token is bound to its organization and
 * account: copied onto another row, it does not open.
 */
export class TwilioTokenVault {
  constructor(private readonly cipher: CredentialsCipher) {}

  seal(organizationId: string, accountSid: TwilioAccountSid, authToken: TwilioAuthToken): string {
    return this.cipher.encrypt(authToken.reveal(), boundTo(organizationId, accountSid));
  }

  open(connection: TwilioAccountConnection): string {
    return this.cipher.decrypt(
      connection.sealedAuthToken,
      boundTo(connection.organizationId, connection.accountSid),
    );
  }
}

function boundTo(organizationId: string, accountSid: TwilioAccountSid): string {
  return `${organizationId}:${accountSid.value}`;
}
