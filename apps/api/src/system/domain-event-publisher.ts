import { Injectable, Logger } from '@nestjs/common';
import type { DomainEvent } from '@loquent/telephony-domain';

export type DomainEventHandler = (event: DomainEvent) => void;

/**
 * Hands the events of saved aggregates to whoever listens (metrics today). The unit of work
 * publishes once it has committed, so only facts that happened are told; a listener's failure
 * never undoes them.
 */
@Injectable()
export class DomainEventPublisher {
  private readonly logger = new Logger('DomainEvents');
  private readonly handlers: DomainEventHandler[] = [];

  subscribe(handler: DomainEventHandler): void {
    this.handlers.push(handler);
  }

  publish(events: readonly DomainEvent[]): void {
    for (const event of events) {
      for (const handler of this.handlers) {
        try {
          handler(event);
        } catch (error) {
          this.logger.warn(`A listener of ${event.eventName} failed: ${String(error)}`);
        }
      }
    }
  }
}
