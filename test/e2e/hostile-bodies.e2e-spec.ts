import { connect } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { bearer, TestApi, TestOrganization } from '../support/api/test-api';
import { expectProblem, expectRefusedUntouched, fieldsOf } from '../support/api/untouched';

/**
 * What a hostile client can put in a request body (and its query and path) is refused before
 * validation, fingerprinting, Twilio or the database see it: text PostgreSQL cannot store, bodies
 * that do not decode or parse, encodings and media types the API does not read, nesting past the
 * limit, prototype keys, and bodies sent to routes that take none.
 */
let api: TestApi;
let org: TestOrganization;
let phone: { id: string; number: string; friendly_name: string | null };

beforeAll(async () => {
  api = await TestApi.start();
  org = await api.createOrganization();
  const bought = await api.http
    .post('/api/twilio/buy-phone-number')
    .set(bearer(org.token))
    .send({ phone_number: api.sandbox.availableNumbers('415')[0], friendly_name: 'Front desk' })
    .expect(201);
  phone = bought.body;
});

afterAll(() => api.close());

let listening: Promise<string> | undefined;
/** The API on a loopback port, for requests supertest cannot make; listens once. */
const baseUrl = () => (listening ??= api.listen());

const SID = (n: number) => `PN${n.toString(16).padStart(32, '0')}`;

/** A request whose body is sent byte for byte, with the headers given and no others added. */
function raw(
  method: 'post' | 'put' | 'get' | 'delete',
  path: string,
  headers: Record<string, string>,
  body: Buffer | string,
) {
  let request = api.http[method](path).set(bearer(org.token));
  for (const [name, value] of Object.entries(headers)) request = request.set(name, value);
  return request.serialize((bytes: unknown) => bytes as string).send(Buffer.from(body));
}

const JSON_TYPE = { 'Content-Type': 'application/json' };
const json = (method: 'post' | 'put' | 'get' | 'delete', path: string, text: string) =>
  raw(method, path, JSON_TYPE, text);

describe('text PostgreSQL cannot store is refused before anything is done with it', () => {
  it.each([
    ['NUL in the middle', '"Front\\u0000desk"'],
    ['NUL alone', '"\\u0000"'],
    ['a lone high surrogate', '"\\ud800"'],
    ['a lone low surrogate', '"x\\udc00"'],
    ['two high surrogates', '"\\ud83d\\ud83d"'],
    ['a pair reversed', '"\\ude00\\ud83d"'],
  ])(
    'buy-phone-number with %s in friendly_name: 400 naming it, nothing bought',
    async (_, name) => {
      const response = await expectRefusedUntouched(
        api,
        () =>
          json(
            'post',
            '/api/twilio/buy-phone-number',
            `{"phone_number":"${api.sandbox.availableNumbers('415')[0]}","friendly_name":${name}}`,
          ),
        400,
        'validation_failed',
      );
      expect(fieldsOf(response)).toEqual(['friendly_name']);
    },
  );

  it.each([['"a\\u0000b"'], ['"\\ud800"'], ['"ok\\udfff"']])(
    'PUT /api/phones/:id with friendly_name %s: 400, the row unchanged',
    async (name) => {
      const response = await expectRefusedUntouched(
        api,
        () => json('put', `/api/phones/${phone.id}`, `{"friendly_name":${name}}`),
        400,
        'validation_failed',
      );
      expect(fieldsOf(response)).toEqual(['friendly_name']);
      const reread = await api.http
        .get(`/api/phones/${phone.id}`)
        .set(bearer(org.token))
        .expect(200);
      expect(reread.body.friendly_name).toBe('Front desk');
    },
  );

  it('names the path of every unstorable string, keys included, at any depth', async () => {
    const response = await expectRefusedUntouched(
      api,
      () =>
        json(
          'post',
          '/api/twilio/sync-numbers',
          `{"twilio_sids":["${SID(1)}","PN\\u0000${'0'.repeat(31)}"],"x\\u0000":1,"\\ud800":{"y\\udc00":"z"}}`,
        ),
      400,
      'validation_failed',
    );
    expect(fieldsOf(response)).toEqual([
      'twilio_sids.1',
      'x\\u0000',
      '\\ud800',
      '\\ud800.y\\udc00',
    ]);
  });

  it('refuses an auth token with NUL before asking Twilio about it', async () => {
    const response = await expectRefusedUntouched(
      api,
      () =>
        json(
          'post',
          '/api/twilio/connect',
          `{"account_sid":"AC${'a'.repeat(32)}","auth_token":"${'b'.repeat(31)}\\u0000"}`,
        ),
      400,
      'validation_failed',
    );
    expect(fieldsOf(response)).toEqual(['auth_token']);
  });

  it('keeps a string with a well-formed surrogate pair, as sent', async () => {
    const response = await json(
      'put',
      `/api/phones/${phone.id}`,
      '{"friendly_name":"Desk \\ud83d\\ude00"}',
    ).expect(200);

    expect(response.body.friendly_name).toBe('Desk \u{1F600}');
    const [row] = await api.dataSource.query(
      'SELECT friendly_name FROM phone_number WHERE id = $1',
      [phone.id],
    );
    expect(row.friendly_name).toBe('Desk \u{1F600}');
    await json('put', `/api/phones/${phone.id}`, '{"friendly_name":"Front desk"}').expect(200);
  });

  it.each([
    ['/api/phones?after=%00'],
    ['/api/phones?limit=1&after=a%00b'],
    ['/api/phones?limit=%00'],
    ['/api/phones?%00=1'],
  ])('GET %s: 400 naming the query parameter', async (path) => {
    const response = await expectRefusedUntouched(
      api,
      () => api.http.get(path).set(bearer(org.token)),
      400,
      'validation_failed',
    );
    expect(fieldsOf(response).length).toBeGreaterThan(0);
  });

  it.each([
    ['get', '/api/phones/%00'],
    ['get', '/api/phones/%00%00'],
    ['delete', '/api/phones/%00?release=true'],
    ['get', '/api/phones/7c9e6679-7425-40de-944b-e07fc1f90ae7%00'],
    ['get', '/api/phones/%ED%A0%80'],
    ['get', '/api/phones/%E0%A4%A'],
    ['get', '/api/nothing/%00'],
  ] as const)(
    '%s %s with NUL or broken escapes in the path: 400 or 404, never a 500',
    async (method, path) => {
      const response = await api.http[method](path).set(bearer(org.token));

      expect([400, 404]).toContain(response.status);
      expectProblem(response, response.status);
      expect(await api.http.get(`/api/phones/${phone.id}`).set(bearer(org.token))).toMatchObject({
        status: 200,
      });
    },
  );

  it('PUT with NUL in the path and in the body is refused, whichever is seen first', async () => {
    const response = await json('put', '/api/phones/%00', '{"friendly_name":"a\\u0000"}');

    expectProblem(response, 400);
  });

  it('answers bytes that are not UTF-8 (a surrogate encoded as UTF-8 bytes) with 400 malformed_body', async () => {
    await expectRefusedUntouched(
      api,
      () =>
        raw(
          'post',
          '/api/twilio/search-available-numbers',
          JSON_TYPE,
          Buffer.from([
            0x7b, 0x22, 0x61, 0x72, 0x65, 0x61, 0x5f, 0x63, 0x6f, 0x64, 0x65, 0x22, 0x3a, 0x22,
            0xed, 0xa0, 0x80, 0x22, 0x7d,
          ]),
        ),
      400,
      'malformed_body',
    );
  });
});

describe('bodies the API does not read', () => {
  it.each([
    ['text/plain'],
    ['application/x-www-form-urlencoded'],
    ['multipart/form-data; boundary=x'],
    ['application/jsonx'],
    ['application/json; charset=latin1'],
    ['application/json; charset=utf-16'],
    ['application/xml'],
  ])('Content-Type %s: 415 problem+json', async (type) => {
    await expectRefusedUntouched(
      api,
      () =>
        raw(
          'post',
          '/api/twilio/buy-phone-number',
          { 'Content-Type': type },
          `{"phone_number":"${api.sandbox.availableNumbers('415')[0]}"}`,
        ),
      415,
      'unsupported_media_type',
    );
  });

  it('a body with no Content-Type at all: 415', async () => {
    await expectRefusedUntouched(
      api,
      () => raw('put', `/api/phones/${phone.id}`, {}, '{"friendly_name":"x"}'),
      415,
      'unsupported_media_type',
    );
  });

  it('accepts application/json with charset=utf-8, however it is spelled', async () => {
    for (const type of [
      'application/json; charset=utf-8',
      'Application/JSON; Charset="UTF-8"',
      'application/json;charset=utf8',
    ]) {
      await raw(
        'post',
        '/api/twilio/search-available-numbers',
        { 'Content-Type': type },
        '{"area_code":"415"}',
      ).expect(200);
    }
  });

  it.each([
    ['zstd'],
    ['compress'],
    ['gzip, br'],
    ['x-unknown'],
    ['identity, gzip'],
    ['constructor'],
    ['__proto__'],
    ['toString'],
  ])('Content-Encoding %s: 415 naming what is supported', async (encoding) => {
    const response = await expectRefusedUntouched(
      api,
      () =>
        raw(
          'post',
          '/api/twilio/sync-numbers',
          { ...JSON_TYPE, 'Content-Encoding': encoding },
          `{"twilio_sids":["${SID(2)}"]}`,
        ),
      415,
      'unsupported_media_type',
    );
    expect(response.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it.each([
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('reads a body compressed with %s', async (encoding, compress) => {
    const response = await raw(
      'post',
      '/api/twilio/search-available-numbers',
      { ...JSON_TYPE, 'Content-Encoding': encoding },
      compress(Buffer.from('{"area_code":"415"}')),
    ).expect(200);

    expect(response.body.numbers.length).toBeGreaterThan(0);
  });

  const plain = Buffer.from('{"area_code":"415"}');
  it.each([
    ['gzip on bytes that are not compressed', 'gzip', plain],
    ['deflate on bytes that are not compressed', 'deflate', plain],
    ['br on bytes that are not compressed', 'br', plain],
    ['a truncated gzip stream', 'gzip', gzipSync(plain).subarray(0, 15)],
    ['a gzip stream cut before its checksum', 'gzip', gzipSync(plain).subarray(0, -4)],
    ['a truncated deflate stream', 'deflate', deflateSync(plain).subarray(0, 8)],
    ['a truncated brotli stream', 'br', brotliCompressSync(plain).subarray(0, 5)],
    ['gzip of bytes that are not UTF-8', 'gzip', gzipSync(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))],
  ])('%s: 400 malformed_body', async (_, encoding, body) => {
    await expectRefusedUntouched(
      api,
      () =>
        raw(
          'post',
          '/api/twilio/search-available-numbers',
          { ...JSON_TYPE, 'Content-Encoding': encoding },
          body,
        ),
      400,
      'malformed_body',
    );
  });

  it.each([
    ['an unterminated object', '{"phone_number": "+15005550006"'],
    ['trailing garbage', '{"phone_number": "+15005550006"} x'],
    ['single quotes', "{'phone_number': '+15005550006'}"],
    ['NaN', '{"friendly_name": NaN}'],
    ['a lone backslash escape', '{"friendly_name": "\\x41"}'],
    ['only whitespace', '   '],
    ['an array', '[{"phone_number": "+15005550006"}]'],
    ['a string', '"+15005550006"'],
    ['a number', '15005550006'],
    ['null', 'null'],
    ['true', 'true'],
  ])('%s: 400 malformed_body, nothing bought', async (_, text) => {
    await expectRefusedUntouched(
      api,
      () => json('post', '/api/twilio/buy-phone-number', text),
      400,
      'malformed_body',
    );
  });

  it('a body that inflates past 100 kB: 413, however small it was on the wire', async () => {
    const bomb = gzipSync(Buffer.from(`{"friendly_name":"${'x'.repeat(5_000_000)}"}`));
    expect(bomb.length).toBeLessThan(10_000);

    await expectRefusedUntouched(
      api,
      () =>
        raw('put', `/api/phones/${phone.id}`, { ...JSON_TYPE, 'Content-Encoding': 'gzip' }, bomb),
      413,
      'payload_too_large',
    );
  });

  it('a body over 100 kB sent in chunks, with no Content-Length: 413', async () => {
    const base = await baseUrl();
    const big = `{"friendly_name":"${'x'.repeat(300_000)}"}`;
    const response = await fetch(`${base}/api/phones/${phone.id}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${org.token}`, ...JSON_TYPE },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);

    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ status: 413, code: 'payload_too_large' });
  });
});

describe('nesting is bounded before validation and the idempotency fingerprint', () => {
  const nested = (levels: number, leaf = '1') => '['.repeat(levels) + leaf + ']'.repeat(levels);

  it.each([
    ['33 levels of arrays under a field', `{"twilio_sids":${nested(32)}}`],
    ['5,000 levels of arrays (10 kB)', `{"twilio_sids":${nested(4_999)}}`],
    ['5,000 levels of objects', `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`],
    ['deep under an unknown field', `{"twilio_sids":["${SID(3)}"],"x":${nested(40, '{}')}}`],
  ])('%s: 400 body_too_deep, with an Idempotency-Key stored nowhere', async (_, text) => {
    const response = await expectRefusedUntouched(
      api,
      () =>
        raw(
          'post',
          '/api/twilio/sync-numbers',
          { ...JSON_TYPE, 'Idempotency-Key': `deep-${text.length}` },
          text,
        ),
      400,
      'body_too_deep',
    );
    expect(response.body).toMatchObject({ max_depth: 32 });
  });

  it('takes 32 levels, and judges their content as usual (an unknown field here)', async () => {
    const response = await expectRefusedUntouched(
      api,
      () =>
        json('post', '/api/twilio/sync-numbers', `{"twilio_sids":["${SID(4)}"],"x":${nested(31)}}`),
      400,
      'validation_failed',
    );
    expect(fieldsOf(response)).toEqual(['x']);
  });
});

describe('prototype keys are unknown fields like any other', () => {
  it.each([
    ['__proto__ at the top', '{"area_code":"415","__proto__":{"admin":true}}', ['__proto__']],
    [
      'constructor at the top',
      '{"area_code":"415","constructor":{"prototype":{}}}',
      ['constructor', 'constructor.prototype'],
    ],
    ['prototype at the top', '{"area_code":"415","prototype":1}', ['prototype']],
    ['__proto__ inside a field', '{"area_code":{"__proto__":"415"}}', ['area_code.__proto__']],
    [
      'constructor in an array',
      '{"area_code":"415","x":[1,{"constructor":1}]}',
      ['x.1.constructor'],
    ],
    [
      'all three',
      '{"__proto__":1,"constructor":2,"prototype":3,"area_code":"415"}',
      ['__proto__', 'constructor', 'prototype'],
    ],
  ])('%s: 400 naming them', async (_, text, fields) => {
    const response = await expectRefusedUntouched(
      api,
      () => json('post', '/api/twilio/search-available-numbers', text),
      400,
      'validation_failed',
    );
    expect(fieldsOf(response)).toEqual(fields);
  });

  it('inside the elements of an array field (sync-numbers)', async () => {
    const response = await expectRefusedUntouched(
      api,
      () =>
        json(
          'post',
          '/api/twilio/sync-numbers',
          `{"twilio_sids":[{"__proto__":{"sid":"${SID(5)}"}}]}`,
        ),
      400,
      'validation_failed',
    );
    expect(fieldsOf(response)).toEqual(['twilio_sids.0.__proto__']);
  });

  it.each([['__proto__'], ['constructor'], ['prototype']])(
    'in the query (?%s=1): 400',
    async (key) => {
      const response = await expectRefusedUntouched(
        api,
        () => api.http.get(`/api/phones?${key}=1`).set(bearer(org.token)),
        400,
        'validation_failed',
      );
      expect(fieldsOf(response)).toEqual([key]);
    },
  );
});

describe('fields that slip past "unknown fields are refused"', () => {
  it.each([
    [
      'an object where a string is expected',
      { phone_number: { toString: '+15005550006' } },
      'phone_number',
    ],
    [
      'an array of DTO-like objects where sids are expected',
      { twilio_sids: [{ sid: SID(6) }] },
      'twilio_sids',
    ],
    [
      'a nested object with an unknown field',
      { friendly_name: 'x', meta: { role: 'admin' } },
      'meta',
    ],
  ])('%s: 400 naming the field', async (_, body, field) => {
    const path =
      'twilio_sids' in body ? '/api/twilio/sync-numbers' : '/api/twilio/buy-phone-number';
    const response = await expectRefusedUntouched(
      api,
      () => api.http.post(path).set(bearer(org.token)).send(body),
      400,
      'validation_failed',
    );
    expect(fieldsOf(response)).toContain(field);
  });
});

describe('routes that take no body take only {} or nothing', () => {
  it.each([
    ['post', '/api/twilio/disconnect', { surprise: 1 }],
    ['post', '/api/twilio/get-unsynced-numbers', { surprise: 1 }],
    ['post', '/api/twilio/check-phone-voice', { surprise: 1 }],
    ['get', '/api/phones', { limit: 1 }],
    ['get', '/api/twilio/connection', { account_sid: 'AC' + 'a'.repeat(32) }],
    ['delete', '/api/phones/:id', { release: true }],
  ] as const)(
    '%s %s with a body: 400 naming its fields, nothing done',
    async (method, path, body) => {
      const response = await expectRefusedUntouched(
        api,
        () => api.http[method](path.replace(':id', phone.id)).set(bearer(org.token)).send(body),
        400,
        'validation_failed',
      );
      expect(fieldsOf(response)).toEqual(Object.keys(body));
    },
  );

  it.each([
    ['post', '/api/twilio/disconnect'],
    ['post', '/api/twilio/get-unsynced-numbers'],
    ['post', '/api/twilio/check-phone-voice'],
    ['get', '/api/phones'],
    ['get', '/api/twilio/connection'],
  ] as const)('%s %s with an empty body or {}: 200', async (method, path) => {
    await api.http[method](path).set(bearer(org.token)).expect(200);
    await api.http[method](path).set(bearer(org.token)).send({}).expect(200);
    await json(method, path, '').expect(200);
  });

  it('every /api route of the OpenAPI document refuses {"surprise":1} and a __proto__ key with 400 naming them', async () => {
    const document = (await api.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method, path })));
    expect(routes.length).toBeGreaterThanOrEqual(14);

    for (const { method, path } of routes) {
      const url = path.replace('{id}', phone.id);
      for (const [text, field] of [
        ['{"surprise":1}', 'surprise'],
        ['{"__proto__":{"surprise":1}}', '__proto__'],
      ]) {
        const response = await expectRefusedUntouched(
          api,
          () => json(method as 'post', url, text!),
          400,
          'validation_failed',
        );
        expect({ route: `${method} ${path}`, fields: fieldsOf(response) }).toEqual({
          route: `${method} ${path}`,
          fields: expect.arrayContaining([field]),
        });
      }
    }
  });
});

describe("requests Node's HTTP parser refuses", () => {
  /** Writes bytes to the API's socket and reads the whole answer. */
  async function exchange(bytes: string): Promise<string> {
    const { port } = new URL(await baseUrl());
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(bytes));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
  }

  it.each([
    [
      'a request line over 16 kB',
      `GET /api/phones?after=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      431,
    ],
    [
      'headers over 16 kB',
      `GET /api/phones HTTP/1.1\r\nHost: x\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`,
      431,
    ],
    ['bytes that are not HTTP', 'HELLO\u0000 WORLD\r\n\r\n', 400],
    ['a header with NUL', 'GET /api/phones HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n', 400],
    [
      'a bad chunk size',
      'POST /api/twilio/disconnect HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      400,
    ],
  ])('%s: answered as problem+json', async (_, bytes, status) => {
    const answer = await exchange(bytes);

    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
    expect(head).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(body)).toMatchObject({ status, type: expect.stringMatching(/^https:/) });
  });
});
