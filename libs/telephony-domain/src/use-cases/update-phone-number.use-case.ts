import { BusinessHours } from '../call-handling/business-hours.value-object';
import { InvalidCallHandling } from '../call-handling/call-handling.errors';
import { CallFallback } from '../call-handling/call-fallback.value-object';
import { FriendlyName } from '../phone-number/friendly-name.value-object';
import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import {
  AgentNotFound,
  ConcurrentUpdate,
  InvalidAgentId,
  InvalidFriendlyName,
  PhoneNumberNotFound,
} from '../phone-number/phone-number.errors';
import { AgentDirectory } from '../ports/agent-directory.port';
import { Clock } from '../ports/clock.port';
import { UnitOfWork } from '../ports/unit-of-work.port';
import { isUuid } from '../shared/uuid';
import { PhoneNumberChanges } from './phone-number-changes';

export interface UpdatePhoneNumberCommand {
  organizationId: string;
  phoneNumberId: string;
  /** Left out: unchanged; null or blank: no name. */
  friendlyName?: string | null;
  /** Left out: unchanged; null: no agent answers the number. */
  agentId?: string | null;
  /** Left out: unchanged; null: the organization's default. As given (snake_case), checked here. */
  fallback?: unknown;
  /** Left out: unchanged; null: always open. As given (snake_case), checked here. */
  businessHours?: unknown;
}

export type UpdatePhoneNumberError =
  | PhoneNumberNotFound
  | InvalidFriendlyName
  | InvalidAgentId
  | InvalidCallHandling
  | AgentNotFound
  | ConcurrentUpdate;

/**
 * Renames a number, assigns the AI agent that answers its calls (one of the organization's own
 * agents), or sets how calls the agent does not take are handled (fallback, business hours). Changes nothing at Twilio. Everything is checked before anything is written; a rename or
 * an assignment racing another change of the number is applied again to the fresh number.
 */
export class UpdatePhoneNumber {
  private readonly changes: PhoneNumberChanges;

  constructor(
    unitOfWork: UnitOfWork,
    private readonly agents: AgentDirectory,
    private readonly clock: Clock,
  ) {
    this.changes = new PhoneNumberChanges(unitOfWork);
  }

  async execute(command: UpdatePhoneNumberCommand): Promise<PhoneNumber> {
    const rename = command.friendlyName !== undefined;
    const friendlyName = rename ? FriendlyName.parseOptional(command.friendlyName) : null;
    const fallback =
      command.fallback === undefined
        ? undefined
        : CallFallback.parseOptional(command.fallback, 'fallback');
    const businessHours =
      command.businessHours === undefined
        ? undefined
        : BusinessHours.parseOptional(command.businessHours, 'business_hours');
    const agentId = command.agentId?.toLowerCase() ?? command.agentId;
    if (agentId !== undefined && agentId !== null) {
      if (!isUuid(agentId)) throw new InvalidAgentId(agentId);
      if (!(await this.agents.isOrganizationAgent(command.organizationId, agentId))) {
        throw new AgentNotFound(agentId);
      }
    }
    return this.changes.apply(command.organizationId, command.phoneNumberId, (phoneNumber) => {
      const at = this.clock.now();
      if (rename) phoneNumber.rename(friendlyName, at);
      if (agentId !== undefined) phoneNumber.assignAgent(agentId, at);
      phoneNumber.changeCallHandling({ fallback, businessHours }, at);
    });
  }
}
