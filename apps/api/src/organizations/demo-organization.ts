import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ALL_PERMISSIONS } from '../auth/permissions';
import { issueToken } from '../auth/token-issuer';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { OrganizationAdmin } from './organization-admin';

/** Fixed, so the demo organization and its numbers are the same after every restart. */
export const DEMO_ORGANIZATION_ID = 'de300000-0000-4000-8000-000000000001';
export const DEMO_AGENT_ID = 'de300000-0000-4000-8000-0000000a6e17';
const DEMO_TOKEN_LIFETIME_SECONDS = 30 * 24 * 60 * 60;

export interface DemoAccess {
  organizationId: string;
  /** Its agent, to assign its numbers to. */
  agentId: string;
  /** A token with every permission, valid 30 days. */
  token: string;
}

/**
 * On the embedded setup (Twilio sandbox, never production): a demo organization with a default
 * analyzer, an agent to assign its numbers to, and a token with every permission, so the first
 * curl, or the settings page, works at once.
 */
@Injectable()
export class DemoOrganization implements OnApplicationBootstrap {
  private demo: DemoAccess | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoOrganization || this.config.nodeEnv === 'production') return;
    await this.dataSource.transaction(async (manager) => {
      const admin = new OrganizationAdmin(manager);
      if (!(await admin.findOrganization(DEMO_ORGANIZATION_ID))) {
        await admin.createOrganization('Demo organization', DEMO_ORGANIZATION_ID);
        await admin.createAnalyzer(DEMO_ORGANIZATION_ID, 'Call summary', true);
      }
      // Also for a demo organization made before agents existed here.
      await admin.createAgent(DEMO_ORGANIZATION_ID, 'Demo agent', DEMO_AGENT_ID);
    });
    this.demo = {
      organizationId: DEMO_ORGANIZATION_ID,
      agentId: DEMO_AGENT_ID,
      token: issueToken(this.config.auth.jwtSecret, {
        organizationId: DEMO_ORGANIZATION_ID,
        permissions: ALL_PERMISSIONS,
        subject: 'demo',
        expiresInSeconds: DEMO_TOKEN_LIFETIME_SECONDS,
      }),
    };
  }

  /** The demo organization and its token; null when this setup has none. */
  access(): DemoAccess | null {
    return this.demo;
  }
}
