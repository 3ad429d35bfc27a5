import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** The API's Prometheus metrics, in a registry of its own (several apps may share a process). */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by route pattern and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly twilioRequests = new Counter({
    name: 'twilio_requests_total',
    help: 'Calls to the Twilio REST API by operation and outcome',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly twilioRequestDuration = new Histogram({
    name: 'twilio_request_duration_seconds',
    help: 'Duration of calls to the Twilio REST API by operation',
    labelNames: ['operation'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly numbersBought = new Counter({
    name: 'loquent_phone_numbers_bought_total',
    help: 'Numbers bought and registered',
    registers: [this.registry],
  });

  readonly numbersImported = new Counter({
    name: 'loquent_phone_numbers_imported_total',
    help: 'Numbers imported from Twilio accounts',
    registers: [this.registry],
  });

  readonly numbersRemoved = new Counter({
    name: 'loquent_phone_numbers_removed_total',
    help: 'Numbers removed from Loquent, by whether they were released at Twilio',
    labelNames: ['released'] as const,
    registers: [this.registry],
  });

  readonly calls = new Counter({
    name: 'loquent_calls_total',
    help:
      'Answers to calls by outcome (agent, fallback, apology) and reason (outage, outside_hours, no_agent, ' +
      'stream_ended, unknown_number; none for the agent)',
    labelNames: ['outcome', 'reason'] as const,
    registers: [this.registry],
  });

  readonly webhookDeliveries = new Counter({
    name: 'loquent_webhook_delivery_attempts_total',
    help: 'Webhook delivery attempts: sent (2xx), retried (failed, tried again later), failed (given up)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly webhookDeliveryLag = new Histogram({
    name: 'loquent_webhook_delivery_lag_seconds',
    help: 'From an event to its successful delivery to an endpoint',
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 21600, 86400],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
