import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Agent, ListAgents } from '@loquent/telephony-domain';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import type { Principal } from '../auth/principal';
import { ApiProblemResponses } from '../http/api-problem-responses.decorator';

export class AgentResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Front desk agent' })
  name!: string;

  static from(agent: Agent): AgentResponseDto {
    return { id: agent.id, name: agent.name };
  }
}

@ApiTags('Agents')
@Controller('api/agents')
export class AgentsController {
  constructor(private readonly listAgents: ListAgents) {}

  @Get()
  @RequirePermission(Permission.AgentCollectionList)
  @ApiOperation({
    summary: "The organization's agents, by name",
    description: 'A number may be assigned one of these (PUT /api/phones/:id, `agent_id`).',
  })
  @ApiOkResponse({ type: [AgentResponseDto] })
  @ApiProblemResponses()
  async list(@CurrentPrincipal() principal: Principal): Promise<AgentResponseDto[]> {
    const agents = await this.listAgents.execute({ organizationId: principal.organizationId });
    return agents.map(AgentResponseDto.from);
  }
}
