import { InvalidCallHandling } from '../call-handling/call-handling.errors';
import { CallFallback } from '../call-handling/call-fallback.value-object';
import { OrganizationCallHandling } from '../call-handling/organization-call-handling';
import { Clock } from '../ports/clock.port';
import { OrganizationCallHandlings } from '../ports/organization-call-handlings.port';

export class GetCallHandling {
  constructor(private readonly callHandlings: OrganizationCallHandlings) {}

  execute(query: { organizationId: string }): Promise<OrganizationCallHandling> {
    return this.callHandlings.find(query.organizationId);
  }
}

export interface ChangeCallHandlingCommand {
  organizationId: string;
  /** Left out: unchanged; null: no default. As given (snake_case), checked here. */
  defaultFallback?: unknown;
  /** Left out: unchanged. */
  outage?: boolean;
}

export type ChangeCallHandlingError = InvalidCallHandling;

/** Sets the organization's default fallback or its outage switch; everything is checked first. */
export class ChangeCallHandling {
  constructor(
    private readonly callHandlings: OrganizationCallHandlings,
    private readonly clock: Clock,
  ) {}

  execute(command: ChangeCallHandlingCommand): Promise<OrganizationCallHandling> {
    const changes: { defaultFallback?: CallFallback | null; outage?: boolean } = {};
    if (command.defaultFallback !== undefined) {
      changes.defaultFallback = CallFallback.parseOptional(
        command.defaultFallback,
        'default_fallback',
      );
    }
    if (command.outage !== undefined) changes.outage = command.outage;
    return this.callHandlings.change(command.organizationId, changes, this.clock.now());
  }
}
