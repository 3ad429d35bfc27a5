import { CallFallback } from '../call-handling/call-fallback.value-object';
import { OrganizationCallHandling } from '../call-handling/organization-call-handling';

/** Each organization's call handling; one that never set any reads as the initial one. */
export abstract class OrganizationCallHandlings {
  abstract find(organizationId: string): Promise<OrganizationCallHandling>;

  /**
   * Applies a change atomically (two changes of different fields both stand) and returns what
   * is stored after it. Fields left out stay as they are.
   */
  abstract change(
    organizationId: string,
    changes: { defaultFallback?: CallFallback | null; outage?: boolean },
    at: Date,
  ): Promise<OrganizationCallHandling>;
}
