import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../apps/api/src/persistence/data-source';
import { OrganizationAdmin } from '../../apps/api/src/organizations/organization-admin';
import { withClient } from './postgres';

/** An organization (with one default analyzer, as buying expects) in the database of `url`. */
export async function createOrganization(
  url: string,
  id: string = randomUUID(),
): Promise<{ id: string }> {
  const dataSource = new DataSource(dataSourceOptions(url, 1));
  await dataSource.initialize();
  try {
    const admin = new OrganizationAdmin(dataSource.manager);
    await admin.createOrganization('Bench organization', id);
    await admin.createAnalyzer(id, 'Sentiment', true);
    return { id };
  } finally {
    await dataSource.destroy();
  }
}

/**
 * `count` imported numbers of the organization, straight into phone_number with one statement:
 * numbers spread over area codes as an account's would be, Twilio-shaped sids and friendly names.
 */
export async function insertPhoneNumbers(
  url: string,
  organizationId: string,
  count: number,
): Promise<void> {
  await withClient(url, (client) =>
    client.query(
      `INSERT INTO phone_number (id, organization_id, number, twilio_sid, friendly_name, source, created_at, updated_at)
       SELECT gen_random_uuid(), $1, n.number, 'PN' || md5('bench:' || n.i), '(' || substr(n.number, 3, 3) || ') ' ||
              substr(n.number, 6, 3) || '-' || substr(n.number, 9, 4), 'imported', now(), now()
       FROM (SELECT i, '+1' || (201 + i % 700)::text || lpad((200 + (i / 700) % 700)::text, 3, '0') ||
                       lpad((i % 10000)::text, 4, '0') AS number
             FROM generate_series(0, $2::int - 1) AS i) n`,
      [organizationId, count],
    ),
  );
  await withClient(url, (client) => client.query('ANALYZE phone_number'));
}

export async function truncatePhoneNumbers(url: string): Promise<void> {
  await withClient(url, (client) => client.query('TRUNCATE phone_number CASCADE'));
}

/** A digest of the imported numbers (number, sid, friendly name), to compare two databases. */
export async function phoneNumbersDigest(url: string): Promise<{ count: number; digest: string }> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ count: string; digest: string }>(
      `SELECT count(*)::text AS count,
              md5(string_agg(number || '|' || twilio_sid || '|' || coalesce(friendly_name, '') || '|' || source,
                  ',' ORDER BY number)) AS digest
       FROM phone_number`,
    );
    return { count: Number(rows[0]!.count), digest: rows[0]!.digest };
  });
}
