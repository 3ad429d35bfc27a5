import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  PhoneNumberImported,
  PhoneNumberPurchased,
  PhoneNumberRemoved,
} from '@loquent/telephony-domain';
import { DomainEventPublisher } from '../system/domain-event-publisher';
import { Metrics } from './metrics';

/** Counts numbers bought, imported and removed from the domain's events. */
@Injectable()
export class MetricsEventSubscriber implements OnModuleInit {
  constructor(
    private readonly events: DomainEventPublisher,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.events.subscribe((event) => {
      if (event instanceof PhoneNumberPurchased) this.metrics.numbersBought.inc();
      else if (event instanceof PhoneNumberImported) this.metrics.numbersImported.inc();
      else if (event instanceof PhoneNumberRemoved)
        this.metrics.numbersRemoved.inc({ released: String(event.released) });
    });
  }
}
