import { CallFallback, CallFallbackPrimitives } from './call-fallback.value-object';

export interface OrganizationCallHandlingPrimitives {
  organizationId: string;
  defaultFallback: CallFallbackPrimitives | null;
  outage: boolean;
  updatedAt: Date | null;
}

/**
 * How an organization's calls are handled when its numbers say nothing of their own: the default
 * fallback, and the outage switch that sends every call of the organization to its fallback.
 * An organization that never set anything has no default and no outage.
 */
export class OrganizationCallHandling {
  private constructor(
    readonly organizationId: string,
    readonly defaultFallback: CallFallback | null,
    readonly outage: boolean,
    readonly updatedAt: Date | null,
  ) {}

  static initial(organizationId: string): OrganizationCallHandling {
    return new OrganizationCallHandling(organizationId, null, false, null);
  }

  static fromPrimitives(p: OrganizationCallHandlingPrimitives): OrganizationCallHandling {
    return new OrganizationCallHandling(
      p.organizationId,
      CallFallback.fromPrimitives(p.defaultFallback),
      p.outage,
      p.updatedAt,
    );
  }

  toPrimitives(): OrganizationCallHandlingPrimitives {
    return {
      organizationId: this.organizationId,
      defaultFallback: this.defaultFallback?.toPrimitives() ?? null,
      outage: this.outage,
      updatedAt: this.updatedAt,
    };
  }

  /** What a change leaves: fields left out stay as they are. */
  changed(
    changes: { defaultFallback?: CallFallback | null; outage?: boolean },
    at: Date,
  ): OrganizationCallHandling {
    return new OrganizationCallHandling(
      this.organizationId,
      changes.defaultFallback === undefined ? this.defaultFallback : changes.defaultFallback,
      changes.outage ?? this.outage,
      at,
    );
  }
}
