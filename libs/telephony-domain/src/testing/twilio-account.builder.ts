let sequence = 0;

/** A valid Twilio account sid, distinct for each n. */
export function aTwilioAccountSid(n = ++sequence): string {
  return `ACa${n.toString(16).padStart(31, '0')}`;
}

/** A well-formed Twilio auth token, distinct for each n. */
export function aTwilioAuthToken(n = ++sequence): string {
  return `b${n.toString(16).padStart(31, '0')}`;
}
