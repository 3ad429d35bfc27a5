import { DomainError } from '../shared/domain-error';

/**
 * Call handling (a fallback, business hours) that cannot be kept. `field` is the path of the
 * offending input as the API names it (`fallback.number`, `business_hours.weekly[1].to`).
 */
export class InvalidCallHandling extends DomainError<
  'invalid_call_handling',
  { field: string; value: unknown }
> {
  readonly code = 'invalid_call_handling';

  constructor(field: string, value: unknown, reason: string) {
    super(`${field} ${reason}`, { field, value });
  }
}
