import { Injectable } from '@nestjs/common';
import {
  E164Number,
  PurchasePreconditions,
  PurchasePreconditionsRead,
} from '@loquent/telephony-domain';
import { DataSource } from 'typeorm';
import { isUuid } from './uuid';

@Injectable()
export class TypeOrmPurchasePreconditions extends PurchasePreconditions {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async read(organizationId: string, number: E164Number): Promise<PurchasePreconditionsRead> {
    // One statement on every buy; plain SQL, where TypeORM's query builder cost more CPU than it.
    const [row] = (await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM phone_number WHERE number = $1) AS registered,
              ARRAY(SELECT id FROM analyzer WHERE organization_id = $2 AND is_default ORDER BY id)
                AS analyzer_ids`,
      // A malformed organization id has no analyzers, rather than failing the cast.
      [number.value, isUuid(organizationId) ? organizationId : null],
    )) as { registered: boolean; analyzer_ids: string[] }[];
    return { numberRegistered: row!.registered, defaultAnalyzerIds: row!.analyzer_ids };
  }
}
