/** Something that happened to an aggregate, named in the past tense. */
export abstract class DomainEvent {
  abstract readonly eventName: string;

  protected constructor(
    readonly aggregateId: string,
    readonly occurredOn: Date,
  ) {}
}
