import { ContractViolation, Exchange, OpenApiContract } from './openapi-contract';

const problem = { $ref: '#/components/schemas/ProblemDetailsDto' };

/** A small document in the shape Nest writes: one list, one item, a problem schema. */
const document = {
  openapi: '3.0.0',
  paths: {
    '/api/things': {
      get: {
        responses: {
          200: {
            description: '',
            headers: {
              Link: { schema: { type: 'string', pattern: '^<[^>]+>; rel="next"$' } },
              'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' },
            },
            content: {
              'application/json': {
                schema: { type: 'array', items: { $ref: '#/components/schemas/Thing' } },
              },
            },
          },
          400: {
            description: '',
            headers: { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } },
            content: { 'application/problem+json': { schema: problem } },
          },
        },
      },
    },
    '/api/things/{id}': {
      delete: {
        responses: {
          204: {
            description: '',
            headers: { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } },
          },
        },
      },
    },
  },
  components: {
    headers: { 'X-Request-Id': { required: true, schema: { type: 'string' } } },
    schemas: {
      Thing: {
        type: 'object',
        required: ['id', 'count'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          count: { type: 'integer', example: 3 },
          note: { type: 'string', nullable: true },
        },
      },
      ProblemDetailsDto: {
        type: 'object',
        required: ['type', 'status', 'code'],
        properties: {
          type: { type: 'string', format: 'uri' },
          status: { type: 'integer' },
          code: { type: 'string' },
          title: { type: 'string' },
          detail: { type: 'string' },
          instance: { type: 'string' },
        },
      },
    },
  },
};

const contract = OpenApiContract.of(document);
const THING = { id: '0b4f6c2e-5d2a-4b8e-9c1f-2a3b4c5d6e7f', count: 3, note: null };
const PROBLEM = { type: 'https://docs.loquent.ai/problems/x', status: 400, code: 'x' };

function answer(overrides: Partial<Exchange>): Exchange {
  const body = overrides.body ?? [THING];
  return {
    method: 'GET',
    path: '/api/things',
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'abc' },
    body,
    text: JSON.stringify(body),
    hasBody: true,
    ...overrides,
  };
}

const json = { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'abc' };
const problemJson = {
  'content-type': 'application/problem+json; charset=utf-8',
  'x-request-id': 'abc',
};

describe('OpenApiContract', () => {
  it('accepts an answer the document describes, a nullable member null included', () => {
    expect(() => contract.check(answer({}))).not.toThrow();
    expect(() =>
      contract.check(
        answer({ headers: { ...json, link: '<https://x/api/things?after=1>; rel="next"' } }),
      ),
    ).not.toThrow();
  });

  it('refuses a body member the schema does not name', () => {
    expect(() => contract.check(answer({ body: [{ ...THING, colour: 'blue' }] }))).toThrow(
      /must NOT have additional properties.*colour/,
    );
  });

  it('refuses a number where the document says integer, and an id that is no UUID', () => {
    const problems = contract.problems(answer({ body: [{ ...THING, count: 1.5, id: 'one' }] }));

    expect(problems).toEqual([
      expect.stringMatching(/body\/0\/id must match format "uuid"/),
      expect.stringMatching(/body\/0\/count must be integer/),
    ]);
  });

  it('refuses a status the operation does not document', () => {
    expect(() =>
      contract.check(answer({ status: 409, headers: problemJson, body: PROBLEM })),
    ).toThrow(/GET \/api\/things documents no 409 \(it documents 200, 400\)/);
  });

  it('refuses a Content-Type the response does not document', () => {
    expect(
      contract.problems(answer({ headers: { ...json, 'content-type': 'text/html' } })),
    ).toEqual([expect.stringMatching(/Content-Type text\/html is not documented/)]);
  });

  it('refuses a header the response does not document, and one it requires that is missing', () => {
    expect(contract.problems(answer({ headers: { ...json, etag: '"1"' } }))).toEqual([
      expect.stringMatching(/header etag is not documented/),
    ]);
    expect(contract.problems(answer({ headers: { 'content-type': 'application/json' } }))).toEqual([
      expect.stringMatching(/header x-request-id, required .*, is missing/),
    ]);
    expect(contract.problems(answer({ headers: { ...json, link: 'next page' } }))).toEqual([
      expect.stringMatching(/header link must match pattern/),
    ]);
  });

  it('lets transport and security headers through on any answer', () => {
    const headers = { ...json, 'strict-transport-security': 'max-age=1', date: 'now' };

    expect(contract.problems(answer({ headers }))).toEqual([]);
  });

  it('refuses a body on a response documented without one, and none where one is documented', () => {
    const deleted = { method: 'DELETE', path: '/api/things/1', status: 204 };

    expect(
      contract.problems(answer({ ...deleted, headers: { 'x-request-id': 'a' }, hasBody: false })),
    ).toEqual([]);
    expect(contract.problems(answer({ ...deleted, headers: json }))).toEqual([
      expect.stringMatching(/documents no body, but one came/),
    ]);
    expect(contract.problems(answer({ hasBody: false, text: '' }))).toEqual([
      expect.stringMatching(/documents a body, none came/),
    ]);
  });

  it('refuses an answer to a path the document does not have, unless it is a 404 problem', () => {
    expect(contract.problems(answer({ path: '/api/secret' }))).toEqual([
      'no documented path matches /api/secret, and the answer is not a 404',
    ]);
    expect(
      contract.problems(
        answer({ path: '/api/secret', status: 404, headers: problemJson, body: PROBLEM }),
      ),
    ).toEqual([]);
  });

  it('wants a method the path does not take answered 405, Allow listing the documented ones', () => {
    const wrong = { method: 'POST', path: '/api/things', headers: problemJson, body: PROBLEM };

    expect(contract.problems(answer({ ...wrong, status: 404 }))).toEqual([
      'POST is not documented at /api/things, and the answer is not a 405',
    ]);
    expect(
      contract.problems(
        answer({ ...wrong, status: 405, headers: { ...problemJson, allow: 'GET' } }),
      ),
    ).toEqual(['Allow is "GET", the document has GET, HEAD']);
    expect(
      contract.problems(
        answer({ ...wrong, status: 405, headers: { ...problemJson, allow: 'GET, HEAD' } }),
      ),
    ).toEqual([]);
  });

  it('matches paths as Express routes them: templates, any case, a trailing slash', () => {
    const deleted = {
      method: 'DELETE',
      status: 204,
      headers: { 'x-request-id': 'a' },
      hasBody: false,
    };

    expect(contract.problems(answer({ ...deleted, path: '/API/Things/42/' }))).toEqual([]);
    expect(contract.problems(answer({ method: 'HEAD', hasBody: false }))).toEqual([]);
  });

  it('checks a problem body against the problem schema', () => {
    const bad = answer({ status: 400, headers: problemJson, body: { ...PROBLEM, status: '400' } });

    expect(() => contract.check(bad)).toThrow(ContractViolation);
    expect(contract.problems(bad)).toEqual([expect.stringMatching(/body\/status must be integer/)]);
  });

  it('leaves the document itself and CORS preflights alone', () => {
    expect(contract.problems(answer({ path: '/docs-json', body: {} }))).toEqual([]);
    expect(
      contract.problems(
        answer({
          method: 'OPTIONS',
          status: 204,
          requestHeaders: { 'access-control-request-method': 'GET' },
          hasBody: false,
        }),
      ),
    ).toEqual([]);
  });
});
