import type { DataSource } from 'typeorm';
import type { TestApi } from './test-api';

/** Counters of requests, not data: a refused request is still counted against the rate limit. */
const REQUEST_COUNTERS = ['rate_limit_counter'];

/**
 * A digest of every row of every table (migrations' bookkeeping and the rate limit's counters
 * aside), table by table.
 */
export async function tableDigests(
  dataSource: DataSource,
  except: readonly string[] = [],
): Promise<Record<string, string>> {
  const tables: { name: string }[] = await dataSource.query(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'typeorm_migrations'
     ORDER BY table_name`,
  );
  const digests: Record<string, string> = {};
  const skipped = [...except, ...REQUEST_COUNTERS];
  for (const { name } of tables.filter((t) => !skipped.includes(t.name))) {
    const [row] = await dataSource.query(
      `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS digest
       FROM "${name}" t`,
    );
    digests[name] = `${row.rows}:${row.digest}`;
  }
  return digests;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** An error answer as the contract wants it: problem+json whose `status` is the HTTP status. */
export function expectProblem(response: HttpAnswer, status: number, code?: string): void {
  expect({ status: response.status, type: response.headers['content-type'] }).toEqual({
    status,
    type: expect.stringMatching(/^application\/problem\+json/),
  });
  expect(response.body).toMatchObject({
    status,
    type: expect.stringMatching(/^https:\/\//),
    title: expect.any(String),
    ...(code ? { code } : {}),
  });
}

/**
 * Sends a request that must be refused, and checks that it was (problem+json, `status` equal to
 * the HTTP status) and that it changed nothing: no row of any table, no request to Twilio.
 */
export async function expectRefusedUntouched<R extends HttpAnswer>(
  api: TestApi,
  send: () => PromiseLike<R>,
  status: number,
  code?: string,
): Promise<R> {
  const before = await tableDigests(api.dataSource);
  const twilioRequests = api.sandbox.requests.length;
  const response = await send();
  expectProblem(response, status, code);
  expect(api.sandbox.requests.slice(twilioRequests)).toEqual([]);
  expect(await tableDigests(api.dataSource)).toEqual(before);
  return response;
}

/** The field names of a validation problem's `errors`. */
export function fieldsOf(response: HttpAnswer): string[] {
  const errors = (response.body as { errors?: { field: string }[] }).errors ?? [];
  return errors.map((e) => e.field);
}
