import { InvalidFriendlyName } from './phone-number.errors';

/** Twilio keeps at most 64 characters of a number's friendly name. */
export const FRIENDLY_NAME_MAX_LENGTH = 64;

/** Trims a friendly name; blank means none. Refuses names Twilio would not store whole. */
export function normaliseFriendlyName(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if ([...trimmed].length > FRIENDLY_NAME_MAX_LENGTH) {
    throw new InvalidFriendlyName(trimmed, FRIENDLY_NAME_MAX_LENGTH);
  }
  return trimmed;
}
