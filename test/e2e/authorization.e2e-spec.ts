import { randomUUID } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { bearer, TestApi, TestOrganization } from '../support/api/test-api';

let api: TestApi;
let org: TestOrganization;

beforeAll(async () => {
  api = await TestApi.start();
  org = await api.createOrganization();
});

afterAll(() => api.close());

interface Route {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  /** The path as the OpenAPI document names it, when it has parameters. */
  documented?: string;
  /** null: any valid token may call it. */
  permission: string | null;
  body?: object;
}

const SOME_ID = randomUUID();

const ROUTES: Route[] = [
  {
    method: 'post',
    path: '/api/twilio/search-available-numbers',
    permission: 'Phone:Collection:Create',
    body: { area_code: '415' },
  },
  { method: 'get', path: '/api/twilio/available-countries', permission: 'Phone:Collection:Create' },
  {
    method: 'post',
    path: '/api/twilio/buy-phone-number',
    permission: 'Phone:Collection:Create',
    body: { phone_number: '+15005550006' },
  },
  {
    method: 'post',
    path: '/api/twilio/get-unsynced-numbers',
    permission: 'Phone:Collection:Create',
    body: {},
  },
  {
    method: 'post',
    path: '/api/twilio/sync-numbers',
    permission: 'Phone:Collection:Create',
    body: { twilio_sids: ['PN' + 'a'.repeat(32)] },
  },
  {
    method: 'post',
    path: '/api/twilio/configure-phone-voice',
    permission: 'Phone:Instance:Update',
    body: { phone_number_id: randomUUID() },
  },
  { method: 'get', path: '/api/phones', permission: 'Phone:Collection:List' },
  { method: 'get', path: '/api/agents', permission: 'Agent:Collection:List' },
  {
    method: 'get',
    path: `/api/phones/${SOME_ID}`,
    documented: '/api/phones/{id}',
    permission: 'Phone:Instance:View',
  },
  {
    method: 'put',
    path: `/api/phones/${SOME_ID}`,
    documented: '/api/phones/{id}',
    permission: 'Phone:Instance:Update',
    body: { friendly_name: 'x' },
  },
  {
    method: 'delete',
    path: `/api/phones/${SOME_ID}`,
    documented: '/api/phones/{id}',
    permission: 'Phone:Instance:Delete',
  },
  {
    method: 'post',
    path: '/api/twilio/restore-phone-voice',
    permission: 'Phone:Instance:Update',
    body: { phone_number_id: SOME_ID },
  },
  {
    method: 'post',
    path: '/api/twilio/check-phone-voice',
    permission: 'Phone:Instance:View',
    body: {},
  },
  {
    method: 'post',
    path: '/api/twilio/connect',
    permission: 'Twilio:Collection:Create',
    body: { account_sid: 'AC' + 'a'.repeat(32), auth_token: 'a'.repeat(32) },
  },
  { method: 'get', path: '/api/twilio/connection', permission: 'Twilio:Collection:Create' },
  {
    method: 'post',
    path: '/api/twilio/disconnect',
    permission: 'Twilio:Collection:Create',
    body: {},
  },
  {
    method: 'get',
    path: `/api/phones/${SOME_ID}/voicemails`,
    documented: '/api/phones/{id}/voicemails',
    permission: 'Phone:Instance:View',
  },
  { method: 'get', path: '/api/call-handling', permission: 'Organization:Instance:View' },
  {
    method: 'put',
    path: '/api/call-handling',
    permission: 'Organization:Instance:Update',
    body: { outage: false },
  },
  { method: 'get', path: '/api/organization/current', permission: null },
  { method: 'get', path: '/api/events', permission: 'Phone:Collection:List' },
  {
    method: 'get',
    path: `/api/phones/${SOME_ID}/events`,
    documented: '/api/phones/{id}/events',
    permission: 'Phone:Instance:View',
  },
  {
    method: 'post',
    path: '/api/webhook-endpoints',
    permission: 'Webhook:Collection:Create',
    body: { url: 'http://127.0.0.1:9/hooks' },
  },
  { method: 'get', path: '/api/webhook-endpoints', permission: 'Webhook:Collection:List' },
  {
    method: 'delete',
    path: `/api/webhook-endpoints/${SOME_ID}`,
    documented: '/api/webhook-endpoints/{id}',
    permission: 'Webhook:Instance:Delete',
  },
  {
    method: 'get',
    path: `/api/webhook-endpoints/${SOME_ID}/deliveries`,
    documented: '/api/webhook-endpoints/{id}/deliveries',
    permission: 'Webhook:Collection:List',
  },
];

const permissionsOf = (route: Route): string[] => (route.permission ? [route.permission] : []);

const call = (route: Route, headers: Record<string, string> = {}) => {
  const pending = api.http[route.method](route.path).set(headers);
  return route.body ? pending.send(route.body) : pending;
};

describe.each(ROUTES)('$method $path', (route) => {
  it('needs a bearer token (401 problem with WWW-Authenticate)', async () => {
    const response = await call(route).expect(401);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(response.body).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it.each([
    ['a malformed header', () => 'Token abc'],
    ['garbage', () => 'Bearer not.a.jwt'],
    [
      'a token signed with another secret',
      () =>
        `Bearer ${sign({ org: org.id, permissions: permissionsOf(route) }, 'x'.repeat(32), { expiresIn: 60 })}`,
    ],
    ['an expired token', () => `Bearer ${api.token(org.id, permissionsOf(route), -10)}`],
    [
      'a token without exp',
      () =>
        `Bearer ${sign({ sub: 'u', org: org.id, permissions: permissionsOf(route) }, api.config.auth.jwtSecret)}`,
    ],
    [
      'a token without permissions',
      () =>
        `Bearer ${sign({ sub: 'u', org: org.id }, api.config.auth.jwtSecret, { expiresIn: 60 })}`,
    ],
    [
      'an alg=none token',
      () =>
        `Bearer ${sign({ sub: 'u', org: org.id, permissions: permissionsOf(route) }, '', { algorithm: 'none', expiresIn: 60 })}`,
    ],
    [
      'a token for an organization that does not exist',
      () => `Bearer ${api.token(randomUUID(), permissionsOf(route))}`,
    ],
  ])('refuses %s with 401', async (_, header) => {
    await call(route, { Authorization: header() }).expect(401);
  });

  const permissionTest =
    route.permission === null
      ? 'needs no permission: a token with none is answered'
      : 'refuses a token without the permission with 403, naming it';
  it(permissionTest, async () => {
    if (route.permission === null) {
      await call(route, bearer(org.tokenWith())).expect(200);
      return;
    }
    const others = [
      'Phone:Collection:List',
      'Phone:Collection:Create',
      'Phone:Instance:View',
      'Phone:Instance:Update',
      'Phone:Instance:Delete',
      'Twilio:Collection:Create',
      'Webhook:Collection:Create',
      'Webhook:Collection:List',
      'Webhook:Instance:Delete',
    ].filter((p) => p !== route.permission);

    const response = await call(route, bearer(org.tokenWith(...others))).expect(403);

    expect(response.body).toMatchObject({
      status: 403,
      code: 'missing_permission',
      permission: route.permission,
    });
  });

  it('lets the permission through, ignoring permissions the API does not know', async () => {
    const response = await call(
      route,
      bearer(org.tokenWith(...permissionsOf(route), 'Billing:Collection:Create', 'Nonsense')),
    );

    expect([200, 201, 204, 404, 422]).toContain(response.status);
  });
});

describe('public routes', () => {
  it('answers /health with 200 while the database answers', async () => {
    const response = await api.http.get('/health').expect(200);

    expect(response.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('serves the OpenAPI document with every token route under the bearer scheme, and the public ones without', async () => {
    const response = await api.http.get('/docs-json').expect(200);
    const document = response.body;

    expect(
      Object.keys(document.paths)
        .filter((path) => path.startsWith('/api/'))
        .sort(),
    ).toEqual([...new Set(ROUTES.map((r) => r.documented ?? r.path))].sort());
    expect(document.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.components.schemas.ProblemDetailsDto).toBeDefined();
    for (const route of ROUTES) {
      const operation = document.paths[route.documented ?? route.path][route.method];
      expect(Object.keys(operation.responses)).toEqual(
        expect.arrayContaining(route.permission ? ['400', '401', '403'] : ['400', '401']),
      );
      // The document's default: a bearer token.
      expect(operation.security).toBeUndefined();
    }
    expect(document.paths['/health'].get.security).toEqual([]);
    expect(document.paths['/twilio/voice'].post.security).toEqual([{ twilioSignature: [] }]);
  });
});
