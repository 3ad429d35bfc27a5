import { CallFallback } from '../call-handling/call-fallback.value-object';
import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import { Clock } from '../ports/clock.port';
import { OrganizationCallHandlings } from '../ports/organization-call-handlings.port';

export const FALLBACK_REASONS = ['outage', 'outside_hours', 'no_agent', 'stream_ended'] as const;
/** Why a call did not go to (or stay with) the agent. */
export type FallbackReason = (typeof FALLBACK_REASONS)[number];

export interface AnswerCallQuery {
  phoneNumber: PhoneNumber;
  /** The agent's stream ended while the caller was still on the line (`<Connect action>`). */
  streamEnded?: boolean;
}

export type CallAnswer =
  /** The agent takes the call. */
  | { outcome: 'agent'; agentId: string }
  /** The number's fallback, else the organization's default. */
  | { outcome: 'fallback'; reason: FallbackReason; fallback: CallFallback }
  /** No agent and no fallback anywhere: a short apology. */
  | { outcome: 'apology'; reason: FallbackReason };

/**
 * What a call to one of Loquent's numbers gets. The outage switch comes first (every call of the
 * organization), then business hours in the number's time zone at the clock's instant, then
 * whether an agent is assigned. A call the agent does not take gets the number's fallback, else
 * the organization's default, else the apology: never silence.
 */
export class AnswerCall {
  constructor(
    private readonly callHandlings: OrganizationCallHandlings,
    private readonly clock: Clock,
  ) {}

  async execute(query: AnswerCallQuery): Promise<CallAnswer> {
    const { phoneNumber } = query;
    const organization = await this.callHandlings.find(phoneNumber.organizationId);
    const reason = reasonNotToAgent(phoneNumber, organization.outage, this.clock.now(), query);
    if (reason === null) return { outcome: 'agent', agentId: phoneNumber.agentId! };
    const fallback = phoneNumber.fallback ?? organization.defaultFallback;
    return fallback ? { outcome: 'fallback', reason, fallback } : { outcome: 'apology', reason };
  }
}

function reasonNotToAgent(
  phoneNumber: PhoneNumber,
  outage: boolean,
  now: Date,
  query: AnswerCallQuery,
): FallbackReason | null {
  if (outage) return 'outage';
  if (query.streamEnded) return 'stream_ended';
  if (!phoneNumber.isWithinHoursAt(now)) return 'outside_hours';
  if (!phoneNumber.agentId) return 'no_agent';
  return null;
}
