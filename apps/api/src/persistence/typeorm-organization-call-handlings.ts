import {
  CallFallback,
  CallFallbackPrimitives,
  OrganizationCallHandling,
  OrganizationCallHandlings,
} from '@loquent/telephony-domain';
import { DataSource } from 'typeorm';
import { isUuid } from './uuid';

interface Row {
  organization_id: string;
  default_fallback: CallFallbackPrimitives | null;
  outage: boolean;
  updated_at: Date;
}

/** OrganizationCallHandlings on organization_call_handling: one row once anything was set. */
export class TypeOrmOrganizationCallHandlings extends OrganizationCallHandlings {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async find(organizationId: string): Promise<OrganizationCallHandling> {
    if (!isUuid(organizationId)) return OrganizationCallHandling.initial(organizationId);
    const [row]: Row[] = await this.dataSource.query(
      `SELECT organization_id, default_fallback, outage, updated_at
       FROM organization_call_handling WHERE organization_id = $1`,
      [organizationId],
    );
    return row ? toDomain(row) : OrganizationCallHandling.initial(organizationId);
  }

  async change(
    organizationId: string,
    changes: { defaultFallback?: CallFallback | null; outage?: boolean },
    at: Date,
  ): Promise<OrganizationCallHandling> {
    const setFallback = changes.defaultFallback !== undefined;
    const fallback = changes.defaultFallback
      ? JSON.stringify(changes.defaultFallback.toPrimitives())
      : null;
    // One statement: a change of the outage switch and one of the default never undo each other.
    const [row]: Row[] = await this.dataSource.query(
      `INSERT INTO organization_call_handling AS h (organization_id, default_fallback, outage, updated_at)
       VALUES ($1, $2::jsonb, coalesce($4::boolean, false), $5)
       ON CONFLICT (organization_id) DO UPDATE SET
         default_fallback = CASE WHEN $3::boolean THEN $2::jsonb ELSE h.default_fallback END,
         outage = coalesce($4::boolean, h.outage),
         updated_at = $5
       RETURNING organization_id, default_fallback, outage, updated_at`,
      [organizationId, fallback, setFallback, changes.outage ?? null, at],
    );
    return toDomain(row!);
  }
}

function toDomain(row: Row): OrganizationCallHandling {
  return OrganizationCallHandling.fromPrimitives({
    organizationId: row.organization_id,
    defaultFallback: row.default_fallback,
    outage: row.outage,
    updatedAt: row.updated_at,
  });
}
