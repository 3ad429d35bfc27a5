import { randomUUID } from 'node:crypto';
import { CallFallback } from '@loquent/telephony-domain';
import { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../../test/support/postgres/test-database';
import { TypeOrmOrganizationCallHandlings } from './typeorm-organization-call-handlings';

let dataSource: DataSource;
let close: () => Promise<void>;
let organizationId: string;
const AT = new Date('2026-12-01T10:00:00.000Z');

beforeAll(async () => {
  ({ dataSource, close } = await openTestDataSource());
});

afterAll(() => close());

beforeEach(async () => {
  organizationId = randomUUID();
  await dataSource.query(`INSERT INTO organization (id, name) VALUES ($1, 'A')`, [organizationId]);
});

const say = CallFallback.parse({ action: 'say', message: 'Closed today.' }, 'default_fallback');

describe('TypeOrmOrganizationCallHandlings on PostgreSQL', () => {
  it('reads the initial handling for an organization that never set any', async () => {
    const handlings = new TypeOrmOrganizationCallHandlings(dataSource);

    const found = await handlings.find(organizationId);

    expect(found.toPrimitives()).toEqual({
      organizationId,
      defaultFallback: null,
      outage: false,
      updatedAt: null,
    });
  });

  it('keeps both of two concurrent changes of different fields', async () => {
    const handlings = new TypeOrmOrganizationCallHandlings(dataSource);

    await Promise.all([
      handlings.change(organizationId, { defaultFallback: say }, AT),
      handlings.change(organizationId, { outage: true }, AT),
    ]);

    const found = await handlings.find(organizationId);
    expect(found.outage).toBe(true);
    expect(found.defaultFallback?.equals(say)).toBe(true);
  });

  it('clears the default with null and leaves a field left out as it was', async () => {
    const handlings = new TypeOrmOrganizationCallHandlings(dataSource);
    await handlings.change(organizationId, { defaultFallback: say, outage: true }, AT);

    const cleared = await handlings.change(organizationId, { defaultFallback: null }, AT);

    expect(cleared.toPrimitives()).toEqual({
      organizationId,
      defaultFallback: null,
      outage: true,
      updatedAt: AT,
    });
  });
});
