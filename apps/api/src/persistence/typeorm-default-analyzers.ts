import { Injectable } from '@nestjs/common';
import { DefaultAnalyzers } from '@loquent/telephony-domain';
import { DataSource } from 'typeorm';
import { AnalyzerOrmEntity } from './analyzer.orm-entity';
import { isUuid } from './uuid';

@Injectable()
export class TypeOrmDefaultAnalyzers extends DefaultAnalyzers {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async forOrganization(organizationId: string): Promise<string[]> {
    if (!isUuid(organizationId)) return [];
    const analyzers = await this.dataSource.getRepository(AnalyzerOrmEntity).find({
      select: { id: true },
      where: { organizationId, isDefault: true },
      order: { id: 'ASC' },
    });
    return analyzers.map((analyzer) => analyzer.id);
  }
}
