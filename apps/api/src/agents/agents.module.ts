import { Module } from '@nestjs/common';
import { AgentDirectory, ListAgents } from '@loquent/telephony-domain';
import { DataSource } from 'typeorm';
import { TypeOrmAgentDirectory } from '../persistence/typeorm-agent-directory';
import { useCase } from '../system/use-case.provider';
import { AgentsController } from './agents.controller';

/** The organizations' agents: who may answer their numbers. */
@Module({
  controllers: [AgentsController],
  providers: [
    {
      provide: AgentDirectory,
      useFactory: (dataSource: DataSource) => new TypeOrmAgentDirectory(dataSource),
      inject: [DataSource],
    },
    useCase(ListAgents, AgentDirectory),
  ],
  exports: [AgentDirectory],
})
export class AgentsModule {}
