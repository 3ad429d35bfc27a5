import { Module } from '@nestjs/common';
import { CurrentOrganizationController } from './current-organization.controller';

/** What a token may read of its own organization. */
@Module({ controllers: [CurrentOrganizationController] })
export class OrganizationsModule {}
