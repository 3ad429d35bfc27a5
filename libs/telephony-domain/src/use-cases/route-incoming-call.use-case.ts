import { E164Number } from '../phone-number/e164-number.value-object';
import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import { PhoneNumberRepository } from '../ports/phone-number.repository.port';

export interface RouteIncomingCallQuery {
  /** The number that was called, as the provider reports it. */
  to: string;
}

export type CallRoute =
  /** The number is Loquent's and an AI agent answers it. */
  | { kind: 'agent'; phoneNumber: PhoneNumber; agentId: string }
  /** The number is Loquent's but nobody is assigned to answer. */
  | { kind: 'no_agent'; phoneNumber: PhoneNumber }
  /** Loquent does not know the number. */
  | { kind: 'unknown_number' };

/** Who answers a call to a number. */
export class RouteIncomingCall {
  constructor(private readonly phoneNumbers: PhoneNumberRepository) {}

  async execute(query: RouteIncomingCallQuery): Promise<CallRoute> {
    let number: E164Number;
    try {
      number = E164Number.parse(query.to);
    } catch {
      return { kind: 'unknown_number' };
    }
    const phoneNumber = await this.phoneNumbers.findByNumber(number);
    if (!phoneNumber) return { kind: 'unknown_number' };
    return phoneNumber.agentId
      ? { kind: 'agent', phoneNumber, agentId: phoneNumber.agentId }
      : { kind: 'no_agent', phoneNumber };
  }
}
