import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import {
  InvalidAgentId,
  InvalidFriendlyName,
  PhoneNumberNotFound,
} from '../phone-number/phone-number.errors';
import { Clock } from '../ports/clock.port';
import { PhoneNumberRepository } from '../ports/phone-number.repository.port';

export interface UpdatePhoneNumberCommand {
  organizationId: string;
  phoneNumberId: string;
  /** Left out: unchanged; null: no name. */
  friendlyName?: string | null;
  /** Left out: unchanged; null: no agent answers the number. */
  agentId?: string | null;
}

export type UpdatePhoneNumberError = PhoneNumberNotFound | InvalidFriendlyName | InvalidAgentId;

/** Renames a number, or assigns the AI agent that answers its calls. Changes nothing at Twilio. */
export class UpdatePhoneNumber {
  constructor(
    private readonly phoneNumbers: PhoneNumberRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: UpdatePhoneNumberCommand): Promise<PhoneNumber> {
    const phoneNumber = await this.phoneNumbers.findById(
      command.organizationId,
      command.phoneNumberId,
    );
    if (!phoneNumber) throw new PhoneNumberNotFound(command.phoneNumberId);
    const at = this.clock.now();
    if (command.friendlyName !== undefined) phoneNumber.rename(command.friendlyName, at);
    if (command.agentId !== undefined) phoneNumber.assignAgent(command.agentId, at);
    await this.phoneNumbers.save(phoneNumber);
    return phoneNumber;
  }
}
