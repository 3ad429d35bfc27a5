// The seed's flows, written against a client generated from /docs-json by openapi-typescript and
// run by openapi-fetch. The test generates `./loquent-api.d.ts` next to a copy of this file,
// compiles both with `tsc --strict` (a route, field or header the document stopped describing
// fails to compile here, the way it would in a client's code base), and runs the output:
// `node seed-flows.js <flow> <base URL> <token> [arguments]` prints the flow's result and every
// answer the client got, as JSON.
import createClient, { type Client } from 'openapi-fetch';
import { fileURLToPath } from 'node:url';
import type { components, paths } from './loquent-api.js';

export type LoquentClient = Client<paths>;
export type PhoneNumber = components['schemas']['PhoneNumberResponseDto'];
export type ListedNumber = components['schemas']['PhoneNumberListItemDto'];
export type AvailableNumber = components['schemas']['AvailableNumberDto'];
export type UnsyncedNumber = components['schemas']['UnsyncedNumberDto'];
export type Problem = components['schemas']['ProblemDetailsDto'];

// The headers a client relies on, by name: `never`, a compile error, unless the document
// declares the header on that response (an undeclared one is only `unknown` in the index).
type Declared<
  P extends keyof paths,
  M extends keyof paths[P],
  S extends number,
  Name extends string,
> = paths[P][M] extends { responses: Record<S, { headers: { [K in Name]?: string | number } }> }
  ? Name
  : never;
const LINK: Declared<'/api/phones', 'get', 200, 'Link'> = 'Link';
const LOCATION: Declared<'/api/twilio/buy-phone-number', 'post', 201, 'Location'> = 'Location';
const RETRY_AFTER: Declared<'/api/twilio/search-available-numbers', 'post', 503, 'Retry-After'> =
  'Retry-After';

export class ProblemAnswer extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(`${status} ${problem.code}: ${problem.detail}`);
  }
}

/** An answer the client got, for the test to hold to the document. */
export interface Answer {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  text: string;
}

export function loquentClient(baseUrl: string, token: string, answers: Answer[]): LoquentClient {
  const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
  client.use({
    async onResponse({ request, response }) {
      answers.push({
        method: request.method,
        path: new URL(request.url).pathname,
        status: response.status,
        headers: Object.fromEntries(response.headers),
        text: await response.clone().text(),
      });
      return response;
    },
  });
  return client;
}

/** Search an area code; a 503 or 429 is retried once, after the Retry-After it gives. */
export async function searchNumbers(
  client: LoquentClient,
  areaCode: string,
): Promise<{ numbers: AvailableNumber[]; retried: boolean }> {
  const search = () =>
    client.POST('/api/twilio/search-available-numbers', { body: { area_code: areaCode } });
  let answer = await search();
  let retried = false;
  if (answer.error && (answer.response.status === 503 || answer.response.status === 429)) {
    const seconds = Number(answer.response.headers.get(RETRY_AFTER) ?? '1');
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    answer = await search();
    retried = true;
  }
  if (answer.error) throw new ProblemAnswer(answer.response.status, answer.error);
  return { numbers: answer.data.numbers, retried };
}

/** Buy a number: 201 with the number and its URL in Location. */
export async function buyNumber(
  client: LoquentClient,
  phoneNumber: string,
  idempotencyKey: string,
): Promise<{ phoneNumber: PhoneNumber; location: string }> {
  const { data, error, response } = await client.POST('/api/twilio/buy-phone-number', {
    body: { phone_number: phoneNumber, friendly_name: 'Typed client' },
    params: { header: { 'Idempotency-Key': idempotencyKey } },
  });
  if (error) throw new ProblemAnswer(response.status, error);
  if (!('id' in data)) throw new Error(`The purchase is still ${data.status}`);
  return { phoneNumber: data, location: response.headers.get(LOCATION) ?? '' };
}

export async function unsyncedNumbers(client: LoquentClient): Promise<UnsyncedNumber[]> {
  const { data, error, response } = await client.POST('/api/twilio/get-unsynced-numbers', {
    body: {},
  });
  if (error) throw new ProblemAnswer(response.status, error);
  return data.numbers;
}

export async function importNumbers(
  client: LoquentClient,
  twilioSids: string[],
): Promise<{ imported: number; alreadyExisted: number; numbers: PhoneNumber[] }> {
  const { data, error, response } = await client.POST('/api/twilio/sync-numbers', {
    body: { twilio_sids: twilioSids },
  });
  if (error) throw new ProblemAnswer(response.status, error);
  return { imported: data.imported, alreadyExisted: data.already_existed, numbers: data.numbers };
}

export async function configureVoice(client: LoquentClient, id: string): Promise<PhoneNumber> {
  const { data, error, response } = await client.POST('/api/twilio/configure-phone-voice', {
    body: { phone_number_id: id },
  });
  if (error) throw new ProblemAnswer(response.status, error);
  return data;
}

/** Every number of the organization, a page at a time, following each page's Link rel="next". */
export async function listAllPhones(
  client: LoquentClient,
  pageSize: number,
): Promise<ListedNumber[][]> {
  const pages: ListedNumber[][] = [];
  let query: { limit: number; after?: string } | null = { limit: pageSize };
  while (query) {
    const { data, error, response } = await client.GET('/api/phones', {
      params: { query },
    });
    if (error) throw new ProblemAnswer(response.status, error);
    pages.push(data);
    query = nextPage(response.headers.get(LINK));
  }
  return pages;
}

/** The query of the next page named in a Link header, or null on the last page. */
export function nextPage(link: string | null): { limit: number; after: string } | null {
  const target = link?.match(/^<([^>]+)>; rel="next"$/)?.[1];
  if (!target) return null;
  const url = new URL(target);
  const after = url.searchParams.get('after');
  const limit = Number(url.searchParams.get('limit'));
  if (!after || !Number.isInteger(limit)) throw new Error(`A Link with no next page: ${link}`);
  return { limit, after };
}

const FLOWS: Record<string, (client: LoquentClient, args: string[]) => Promise<unknown>> = {
  search: (client, [areaCode]) => searchNumbers(client, areaCode ?? '415'),
  buy: (client, [number, key]) => buyNumber(client, number ?? '', key ?? 'typed-client'),
  unsynced: (client) => unsyncedNumbers(client),
  import: (client, sids) => importNumbers(client, sids),
  configure: (client, [id]) => configureVoice(client, id ?? ''),
  list: (client, [pageSize]) => listAllPhones(client, Number(pageSize)),
};

async function main([flow = '', baseUrl = '', token = '', ...args]: string[]): Promise<void> {
  const answers: Answer[] = [];
  const run = FLOWS[flow];
  if (!run) throw new Error(`Unknown flow ${flow}; one of ${Object.keys(FLOWS).join(', ')}`);
  const result = await run(loquentClient(baseUrl, token, answers), args);
  process.stdout.write(JSON.stringify({ result, answers }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
}
