import { Injectable, Logger } from '@nestjs/common';
import type { TwilioCall } from '../twilio/twilio-http-client';
import { Metrics } from './metrics';

/** Every call to Twilio, logged (operation, status, duration) and counted. */
@Injectable()
export class TwilioCallObserver {
  private readonly logger = new Logger('Twilio');

  constructor(private readonly metrics: Metrics) {}

  readonly observe = (call: TwilioCall): void => {
    this.metrics.twilioRequests.inc({ operation: call.operation, outcome: call.outcome });
    this.metrics.twilioRequestDuration.observe(
      { operation: call.operation },
      call.durationMs / 1000,
    );
    const entry = {
      msg: 'twilio call',
      operation: call.operation,
      method: call.method,
      status: call.status,
      outcome: call.outcome,
      durationMs: Math.round(call.durationMs),
      ...(call.twilioCode === null ? {} : { twilioCode: call.twilioCode }),
    };
    if (call.outcome === 'success') this.logger.log(entry);
    else this.logger.warn(entry);
  };
}
