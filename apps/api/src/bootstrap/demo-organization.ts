import { DataSource } from 'typeorm';
import { ALL_PERMISSIONS } from '../auth/permissions';
import { issueToken } from '../auth/token-issuer';
import { OrganizationAdmin } from '../organizations/organization-admin';

/** Fixed, so the demo organization and its numbers are the same after every restart. */
export const DEMO_ORGANIZATION_ID = 'de300000-0000-4000-8000-000000000001';
const DEMO_TOKEN_LIFETIME_SECONDS = 30 * 24 * 60 * 60;

export interface DemoAccess {
  organizationId: string;
  token: string;
}

/**
 * In sandbox mode: a demo organization with a default analyzer, and a token with every
 * permission, so the first curl works by copy and paste.
 */
export async function ensureDemoOrganization(
  dataSource: DataSource,
  jwtSecret: string,
): Promise<DemoAccess> {
  await dataSource.transaction(async (manager) => {
    const admin = new OrganizationAdmin(manager);
    if (await admin.findOrganization(DEMO_ORGANIZATION_ID)) return;
    await admin.createOrganization('Demo organization', DEMO_ORGANIZATION_ID);
    await admin.createAnalyzer(DEMO_ORGANIZATION_ID, 'Call summary', true);
  });
  return {
    organizationId: DEMO_ORGANIZATION_ID,
    token: issueToken(jwtSecret, {
      organizationId: DEMO_ORGANIZATION_ID,
      permissions: ALL_PERMISSIONS,
      subject: 'demo',
      expiresInSeconds: DEMO_TOKEN_LIFETIME_SECONDS,
    }),
  };
}
