import { Injectable } from '@nestjs/common';
import { DefaultAnalyzers } from '@loquent/telephony-domain';
import { DataSource } from 'typeorm';
import { isUuid } from './uuid';

@Injectable()
export class TypeOrmDefaultAnalyzers extends DefaultAnalyzers {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async forOrganization(organizationId: string): Promise<string[]> {
    if (!isUuid(organizationId)) return [];
    // Plain SQL: on every buy, where TypeORM's query builder cost more CPU than the statement.
    const analyzers = (await this.dataSource.query(
      'SELECT id FROM analyzer WHERE organization_id = $1 AND is_default ORDER BY id',
      [organizationId],
    )) as { id: string }[];
    return analyzers.map((analyzer) => analyzer.id);
  }
}
