import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__LOQUENT_TEST_POSTGRES__;
  if (!state) return;
  if (state.server.kind === 'TEST_DATABASE_URL') {
    // A shared server: leave it as found.
    const admin = new Client({ connectionString: state.server.adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${state.template} WITH (FORCE)`);
    await admin.end();
  }
  await state.server.stop();
}
