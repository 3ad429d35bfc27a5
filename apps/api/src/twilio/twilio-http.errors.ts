/** Twilio answered with an error status; the body's code, message and more_info are kept. */
export class TwilioApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | null,
    readonly twilioMessage: string,
    readonly moreInfo: string | null,
    readonly retryAfterSeconds: number | null,
  ) {
    super(`Twilio answered ${status}${code ? ` (code ${code})` : ''}: ${twilioMessage}`);
    this.name = 'TwilioApiError';
  }
}

/** Twilio could not be reached or did not answer in time: the outcome of the call is unknown. */
export class TwilioTransportError extends Error {
  constructor(
    readonly kind: 'timeout' | 'connection',
    cause: unknown,
  ) {
    super(
      `Twilio ${kind === 'timeout' ? 'did not answer in time' : 'could not be reached'}: ${describe(cause)}`,
      {
        cause,
      },
    );
    this.name = 'TwilioTransportError';
  }
}

function describe(error: unknown): string {
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: string; message?: string };
    return [code, message].filter(Boolean).join(' ');
  }
  return String(error);
}
