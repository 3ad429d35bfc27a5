import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { DomainEventPublisher } from '../system/domain-event-publisher';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';
import { MetricsEventSubscriber } from './metrics-event-subscriber';
import { TwilioCallObserver } from './twilio-call-observer';

/** Metrics, the domain events that feed them, and the observer of Twilio calls. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [Metrics, DomainEventPublisher, MetricsEventSubscriber, TwilioCallObserver],
  exports: [Metrics, DomainEventPublisher, TwilioCallObserver],
})
export class ObservabilityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
