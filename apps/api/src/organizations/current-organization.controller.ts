import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { ALL_PERMISSIONS, type Permission } from '../auth/permissions';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../http/api-problem-responses.decorator';
import { ProblemException } from '../http/problem.exception';
import { OrganizationOrmEntity } from '../persistence/organization.orm-entity';

export class CurrentOrganizationResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Acme' })
  name!: string;

  @ApiProperty({
    enum: ALL_PERMISSIONS,
    isArray: true,
    example: ['Phone:Collection:List', 'Phone:Instance:View'],
    description:
      'The permissions of the token that this API knows, in a stable order; those it does not know are left out',
  })
  permissions!: Permission[];
}

/**
 * Who the token speaks for: the organization's name and what the token may do here, so a client
 * (the settings page) shows the real name and only the actions the token allows.
 */
@ApiTags('Organization')
@Controller('api/organization')
export class CurrentOrganizationController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('current')
  @ApiOperation({
    summary: "The token's organization and the permissions it grants",
    description: 'Any valid token may read it; no permission is needed.',
  })
  @ApiOkResponse({ type: CurrentOrganizationResponseDto })
  // No 403: the route needs no permission.
  @ApiProblems(400, 401, 413, 415, 500)
  async current(@CurrentPrincipal() principal: Principal): Promise<CurrentOrganizationResponseDto> {
    const organization = await this.dataSource
      .getRepository(OrganizationOrmEntity)
      .findOneBy({ id: principal.organizationId });
    if (!organization) {
      // Deleted since the guard looked: the token speaks for no organization any more.
      throw new ProblemException({
        status: 401,
        code: 'unauthenticated',
        title: 'Authentication required',
        detail: 'The organization of this token does not exist',
        headers: { 'WWW-Authenticate': 'Bearer realm="loquent"' },
      });
    }
    return {
      id: organization.id,
      name: organization.name,
      permissions: ALL_PERMISSIONS.filter((p) => principal.permissions.has(p)),
    };
  }
}
