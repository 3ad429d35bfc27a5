import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';

/**
 * The import baseline, a long-lived child process (IPC): reads a Twilio account's numbers from the
 * sandbox a page of 1,000 at a time (GET .../IncomingPhoneNumbers.json?PageSize=1000, following
 * next_page_uri, Basic auth) and inserts each page's rows with one multi-row
 * INSERT ... ON CONFLICT DO NOTHING through plain pg: what the API's get-unsynced + sync-numbers
 * must do at the least, without the framework, the Twilio SDK or the domain model.
 */

export interface ImportBaselineCommand {
  sandboxUrl: string;
  accountSid: string;
  authToken: string;
  databaseUrl: string;
  organizationId: string;
}

export interface ImportBaselineResult {
  ms: number;
  fetchMs: number;
  insertMs: number;
  pages: number;
  numbers: number;
  inserted: number;
}

interface TwilioPage {
  incoming_phone_numbers: { sid: string; phone_number: string; friendly_name: string | null }[];
  next_page_uri: string | null;
}

const pools = new Map<string, Pool>();

async function importAccount(command: ImportBaselineCommand): Promise<ImportBaselineResult> {
  let pool = pools.get(command.databaseUrl);
  if (!pool) {
    pool = new Pool({ connectionString: command.databaseUrl, max: 2 });
    pools.set(command.databaseUrl, pool);
  }
  // Connected before the clock starts, as the API's pool is.
  await pool.query('SELECT 1');

  const authorization = `Basic ${Buffer.from(`${command.accountSid}:${command.authToken}`).toString('base64')}`;
  const started = performance.now();
  let fetchMs = 0;
  let insertMs = 0;
  let pages = 0;
  let numbers = 0;
  let inserted = 0;
  let next: string | null =
    `/2010-04-01/Accounts/${command.accountSid}/IncomingPhoneNumbers.json?PageSize=1000`;
  while (next) {
    const fetchStarted = performance.now();
    const response = await fetch(new URL(next, command.sandboxUrl), {
      headers: { Authorization: authorization },
    });
    if (response.status !== 200)
      throw new Error(`The sandbox answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as TwilioPage;
    fetchMs += performance.now() - fetchStarted;
    pages++;
    numbers += page.incoming_phone_numbers.length;

    if (page.incoming_phone_numbers.length > 0) {
      const insertStarted = performance.now();
      const values: unknown[] = [];
      for (const number of page.incoming_phone_numbers) {
        values.push(
          randomUUID(),
          command.organizationId,
          number.phone_number,
          number.sid,
          number.friendly_name || null,
        );
      }
      // created_at and updated_at: one parameter for the whole page, as the API stamps a page.
      values.push(new Date());
      const nowIndex = values.length;
      const sql = `INSERT INTO phone_number (id, organization_id, number, twilio_sid, friendly_name, agent_id,
          previous_voice_url, voice_url_status, voice_url_configured_at, source, created_at, updated_at)
        VALUES ${page.incoming_phone_numbers
          .map((_, i) => {
            const p = i * 5;
            return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, NULL, NULL, 'not_configured', NULL, 'imported', $${nowIndex}, $${nowIndex})`;
          })
          .join(', ')}
        ON CONFLICT DO NOTHING`;
      const result = await pool.query(sql, values);
      inserted += result.rowCount ?? 0;
      insertMs += performance.now() - insertStarted;
    }
    next = page.next_page_uri;
  }
  return { ms: performance.now() - started, fetchMs, insertMs, pages, numbers, inserted };
}

process.on('message', (command: ImportBaselineCommand) => {
  importAccount(command).then(
    (result) => process.send!({ ok: true, result }),
    (error: unknown) => process.send!({ ok: false, error: String(error) }),
  );
});
process.on('disconnect', () => {
  void Promise.all([...pools.values()].map((pool) => pool.end())).then(() => process.exit(0));
});
