import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { CredentialsCipher } from '../twilio-accounts/credentials-cipher';
import { JobEngine } from '../webhooks/job-engine';
import { WebhookDeliveryWorker } from '../webhooks/webhook-delivery.worker';
import { WebhookEndpointsController } from '../webhooks/webhook-endpoints.controller';
import { WebhookEndpoints } from '../webhooks/webhook-endpoints.store';
import { WebhookOutbox } from '../webhooks/webhook-outbox';
import { WebhookUrlPolicy } from '../webhooks/webhook-url-policy';
import { AuditContextMiddleware } from './audit-context';
import { PhoneNumberEventLog } from './phone-number-event-log';
import { PhoneNumberEvents } from './phone-number-events.query';
import { PhoneNumberEventsController } from './phone-number-events.controller';

/**
 * The record of every change to a number (the outbox the unit of work writes), the audit API that
 * reads it, and the webhooks that tell organizations' systems, delivered by pg-boss jobs.
 */
@Global()
@Module({
  controllers: [PhoneNumberEventsController, WebhookEndpointsController],
  providers: [
    JobEngine,
    PhoneNumberEvents,
    {
      provide: WebhookOutbox,
      useFactory: (jobs: JobEngine) => new WebhookOutbox(jobs),
      inject: [JobEngine],
    },
    {
      provide: PhoneNumberEventLog,
      useFactory: (outbox: WebhookOutbox) => new PhoneNumberEventLog(outbox),
      inject: [WebhookOutbox],
    },
    {
      provide: WebhookUrlPolicy,
      useFactory: (config: RuntimeConfig) => new WebhookUrlPolicy(config.nodeEnv === 'production'),
      inject: [RUNTIME_CONFIG],
    },
    {
      provide: WebhookEndpoints,
      useFactory: (dataSource: DataSource, config: RuntimeConfig) =>
        new WebhookEndpoints(dataSource, new CredentialsCipher(config.credentialsEncryptionKey)),
      inject: [DataSource, RUNTIME_CONFIG],
    },
    WebhookDeliveryWorker,
  ],
  exports: [JobEngine, PhoneNumberEventLog],
})
export class EventsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuditContextMiddleware).forRoutes('*path');
  }
}
