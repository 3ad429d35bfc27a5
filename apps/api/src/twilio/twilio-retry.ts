import { ExponentialBackoff, handleWhen, IPolicy, noop, retry } from 'cockatiel';
import { TwilioApiError, TwilioTransportError } from './twilio-http.errors';

export interface TwilioRetryOptions {
  /** Attempts in all, the first included; 1 turns retries off. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_TWILIO_RETRY: TwilioRetryOptions = {
  attempts: 3,
  initialDelayMs: 200,
  maxDelayMs: 2_000,
};

/**
 * Retries for the calls that are safe to repeat (search, list, fetch, voice URL update), with
 * bounded exponential backoff and jitter, on what may pass: a connection error or timeout, a 5xx,
 * or a 429 Twilio asks to retry soon. A purchase never goes through this: Twilio takes no
 * idempotency key, so repeating it could buy twice.
 */
export function twilioRetryPolicy(options: TwilioRetryOptions): IPolicy {
  if (options.attempts <= 1) return noop;
  const transient = handleWhen(
    (error) =>
      error instanceof TwilioTransportError ||
      (error instanceof TwilioApiError &&
        (error.status >= 500 ||
          (error.status === 429 && (error.retryAfterSeconds ?? 0) * 1000 <= options.maxDelayMs))),
  );
  return retry(transient, {
    maxAttempts: options.attempts - 1,
    backoff: new ExponentialBackoff({
      initialDelay: options.initialDelayMs,
      maxDelay: options.maxDelayMs,
    }),
  });
}
