import { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../../test/support/postgres/test-database';

let dataSource: DataSource;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ dataSource, close } = await openTestDataSource());
});

afterAll(() => close());

describe('the database schema', () => {
  it('is exactly what the entities describe, so migrations and entities never drift apart', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();

    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it("keeps the seed's phone_number columns and types", async () => {
    const columns: { column_name: string; data_type: string; is_nullable: string }[] =
      await dataSource.query(
        `SELECT column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_name = 'phone_number' ORDER BY ordinal_position`,
      );

    expect(columns.slice(0, 7)).toEqual([
      { column_name: 'id', data_type: 'uuid', is_nullable: 'NO' },
      { column_name: 'organization_id', data_type: 'uuid', is_nullable: 'NO' },
      { column_name: 'number', data_type: 'text', is_nullable: 'NO' },
      { column_name: 'twilio_sid', data_type: 'text', is_nullable: 'NO' },
      { column_name: 'friendly_name', data_type: 'text', is_nullable: 'YES' },
      { column_name: 'agent_id', data_type: 'uuid', is_nullable: 'YES' },
      { column_name: 'previous_voice_url', data_type: 'text', is_nullable: 'YES' },
    ]);
  });

  it('refuses a second row with the same number or sid, whatever the organization', async () => {
    const constraints: { conname: string }[] = await dataSource.query(
      `SELECT conname FROM pg_constraint WHERE conrelid = 'phone_number'::regclass AND contype = 'u' ORDER BY conname`,
    );

    expect(constraints.map((c) => c.conname)).toEqual([
      'phone_number_number_key',
      'phone_number_twilio_sid_key',
    ]);
  });

  it('writes an event with no trigger of its own: no foreign key, no index but what readers use', async () => {
    const constraints: { conname: string; contype: string }[] = await dataSource.query(
      `SELECT conname, contype FROM pg_constraint
        WHERE conrelid = 'phone_number_events'::regclass AND contype <> 'n' ORDER BY conname`,
    );
    const indexes: { indexdef: string }[] = await dataSource.query(
      `SELECT indexdef FROM pg_indexes WHERE tablename = 'phone_number_events' ORDER BY indexname`,
    );

    expect(constraints).toEqual([{ conname: 'phone_number_events_pkey', contype: 'p' }]);
    expect(indexes.map((i) => i.indexdef.replace(/^.* USING btree /, ''))).toEqual([
      '(organization_id, seq)',
      '(phone_number_id, seq)',
      '(id)',
    ]);
  });

  it('takes its latest migrations back and applies them again', async () => {
    const latest = dataSource.migrations.slice(-2).map((m) => m.name);
    await dataSource.undoLastMigration({ transaction: 'each' });
    await dataSource.undoLastMigration({ transaction: 'each' });
    const undone: { name: string }[] = await dataSource.query(
      `SELECT name FROM typeorm_migrations WHERE name = ANY ($1)`,
      [latest],
    );
    expect(undone).toEqual([]);

    const applied = await dataSource.runMigrations({ transaction: 'each' });

    expect(applied.map((m) => m.name)).toEqual(latest);
    expect(await dataSource.driver.createSchemaBuilder().log()).toMatchObject({ upQueries: [] });
  });
});
