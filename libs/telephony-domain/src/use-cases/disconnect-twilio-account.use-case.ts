import { TwilioAccountConnections } from '../ports/twilio-account-connections.port';

export interface DisconnectTwilioAccountCommand {
  organizationId: string;
}

export interface DisconnectTwilioAccountResult {
  /** The organization had its own account; false when it was already on the platform's. */
  disconnected: boolean;
}

/** Forgets the organization's own Twilio account: it is served from the platform's again. */
export class DisconnectTwilioAccount {
  constructor(private readonly connections: TwilioAccountConnections) {}

  async execute(command: DisconnectTwilioAccountCommand): Promise<DisconnectTwilioAccountResult> {
    return { disconnected: await this.connections.remove(command.organizationId) };
  }
}
