import { DomainEvent } from './domain-event';

/**
 * Records domain events and hands them over. It never publishes, logs or reads a request context:
 * whoever saved the aggregate decides what to do with its events.
 */
export abstract class AggregateRoot {
  #domainEvents: DomainEvent[] = [];

  protected record(event: DomainEvent): void {
    this.#domainEvents.push(event);
  }

  pullDomainEvents(): DomainEvent[] {
    const events = this.#domainEvents;
    this.#domainEvents = [];
    return events;
  }
}
