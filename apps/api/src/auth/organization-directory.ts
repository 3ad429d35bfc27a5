import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrganizationOrmEntity } from '../persistence/organization.orm-entity';
import { isUuid } from '../persistence/uuid';

const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

/**
 * Whether an organization exists, remembered for a minute: a token can outlive its organization,
 * and checking once per request would cost a query on every call.
 */
@Injectable()
export class OrganizationDirectory {
  private readonly known = new Map<string, number>();

  constructor(private readonly dataSource: DataSource) {}

  async exists(organizationId: string): Promise<boolean> {
    if (!isUuid(organizationId)) return false;
    const expiresAt = this.known.get(organizationId);
    if (expiresAt !== undefined && expiresAt > Date.now()) return true;
    const exists = await this.dataSource
      .getRepository(OrganizationOrmEntity)
      .existsBy({ id: organizationId });
    if (exists) {
      if (this.known.size >= MAX_ENTRIES) this.known.clear();
      this.known.set(organizationId, Date.now() + TTL_MS);
    } else {
      this.known.delete(organizationId);
    }
    return exists;
  }
}
