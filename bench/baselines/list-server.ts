import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Pool } from 'pg';

/**
 * The list baseline: GET /api/phones with node:http and pg only. Same SQL as
 * TypeOrmPhoneNumberRepository.list(), same JSON (fields, order, snake_case), same Link header,
 * and the same token check (HS256 signature, expiry, permission), without Nest, Express,
 * class-validator or TypeORM. Like the API's cached organization check, it does not query the
 * organization per request.
 *
 * Env: DATABASE_URL, PORT, AUTH_JWT_SECRET, PUBLIC_BASE_URL. Prints "listening on PORT".
 */

const LIST_PAGE_MAX = 1000;
const PERMISSION = 'Phone:Collection:List';
const COLUMNS =
  'id, number, twilio_sid, friendly_name, agent_id, voice_url_status, source, created_at';
const FIRST_PAGE = `SELECT ${COLUMNS} FROM phone_number WHERE organization_id = $1 ORDER BY number LIMIT $2`;
const NEXT_PAGE = `SELECT ${COLUMNS} FROM phone_number WHERE organization_id = $1 AND number > $2 ORDER BY number LIMIT $3`;

interface Row {
  id: string;
  number: string;
  twilio_sid: string;
  friendly_name: string | null;
  agent_id: string | null;
  voice_url_status: string;
  source: string;
  created_at: Date;
}

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const secret = env('AUTH_JWT_SECRET');
const publicBaseUrl = env('PUBLIC_BASE_URL');
// The API's pool size (RuntimeConfig.database.poolSize).
const pool = new Pool({ connectionString: env('DATABASE_URL'), max: 10 });

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    console.error(error);
    send(res, 500, { title: 'Internal Server Error' });
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(env('PORT')), '127.0.0.1', () => console.log(`listening on ${env('PORT')}`));
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.end().then(() => process.exit(0));
});

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://baseline.invalid');
  if (req.method !== 'GET' || url.pathname !== '/api/phones')
    return send(res, 404, { title: 'Not Found' });

  const claims = verify(req.headers.authorization);
  if (!claims) return send(res, 401, { title: 'Authentication required' });
  if (!claims.permissions.includes(PERMISSION))
    return send(res, 403, { title: 'Missing permission' });

  const limitText = url.searchParams.get('limit');
  const limit = limitText === null ? null : Number(limitText);
  if (limit !== null && (!Number.isInteger(limit) || limit < 1 || limit > LIST_PAGE_MAX)) {
    return send(res, 400, { title: 'Invalid limit' });
  }
  const after = url.searchParams.get('after');
  if (after !== null && !/^[1-9]\d{1,14}$/.test(after))
    return send(res, 400, { title: 'Invalid after' });

  // One more row than asked tells whether there is a next page, as ListPhoneNumbers does.
  const fetchLimit = limit === null ? null : limit + 1;
  const { rows } =
    after !== null
      ? await pool.query<Row>(NEXT_PAGE, [claims.org, `+${after}`, fetchLimit])
      : await pool.query<Row>(FIRST_PAGE, [claims.org, fetchLimit]);
  const items = limit !== null && rows.length > limit ? rows.slice(0, limit) : rows;
  if (limit !== null && rows.length > limit) {
    const next = new URLSearchParams({
      limit: String(limit),
      after: items[items.length - 1]!.number.slice(1),
    });
    res.setHeader('Link', `<${publicBaseUrl}/api/phones?${next.toString()}>; rel="next"`);
  }
  send(
    res,
    200,
    items.map((row) => ({
      id: row.id,
      number: row.number,
      friendly_name: row.friendly_name,
      agent_id: row.agent_id,
      twilio_sid: row.twilio_sid,
      voice_url_status: row.voice_url_status,
      source: row.source,
      created_at: row.created_at.toISOString(),
    })),
  );
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res
    .writeHead(status, {
      'Content-Type': status < 400 ? 'application/json; charset=utf-8' : 'application/problem+json',
      'Content-Length': String(Buffer.byteLength(payload)),
    })
    .end(payload);
}

/** An HS256 JWT's claims when its signature and expiry hold, else null. */
function verify(header: string | undefined): { org: string; permissions: string[] } | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const parts = match[1]!.split('.');
  if (parts.length !== 3) return null;
  const [head, payload, signature] = parts as [string, string, string];
  try {
    if ((JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg?: string }).alg !== 'HS256')
      return null;
    const expected = createHmac('sha256', secret).update(`${head}.${payload}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
      org?: unknown;
      sub?: unknown;
      exp?: unknown;
      permissions?: unknown;
    };
    if (
      typeof claims.org !== 'string' ||
      typeof claims.sub !== 'string' ||
      typeof claims.exp !== 'number' ||
      claims.exp * 1000 <= Date.now() ||
      !Array.isArray(claims.permissions)
    ) {
      return null;
    }
    return {
      org: claims.org,
      permissions: claims.permissions.filter((p): p is string => typeof p === 'string'),
    };
  } catch {
    return null;
  }
}
