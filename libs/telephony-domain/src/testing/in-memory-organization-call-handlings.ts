import { CallFallback } from '../call-handling/call-fallback.value-object';
import { OrganizationCallHandling } from '../call-handling/organization-call-handling';
import { OrganizationCallHandlings } from '../ports/organization-call-handlings.port';

/** Organizations' call handling in a map. */
export class InMemoryOrganizationCallHandlings extends OrganizationCallHandlings {
  private readonly stored = new Map<string, OrganizationCallHandling>();

  async find(organizationId: string): Promise<OrganizationCallHandling> {
    return this.stored.get(organizationId) ?? OrganizationCallHandling.initial(organizationId);
  }

  async change(
    organizationId: string,
    changes: { defaultFallback?: CallFallback | null; outage?: boolean },
    at: Date,
  ): Promise<OrganizationCallHandling> {
    const changed = (await this.find(organizationId)).changed(changes, at);
    this.stored.set(organizationId, changed);
    return changed;
  }
}
