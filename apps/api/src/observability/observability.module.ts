import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { DomainEventPublisher } from '../system/domain-event-publisher';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { Metrics } from './metrics';
import { MetricsEventSubscriber } from './metrics-event-subscriber';
import { MetricsServer } from './metrics-server';
import { TwilioCallObserver } from './twilio-call-observer';

/** Metrics (served on a port of their own), the domain events that feed them, and the observer of Twilio calls. */
@Global()
@Module({
  providers: [
    Metrics,
    MetricsServer,
    DomainEventPublisher,
    MetricsEventSubscriber,
    TwilioCallObserver,
  ],
  exports: [Metrics, MetricsServer, DomainEventPublisher, TwilioCallObserver],
})
export class ObservabilityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
