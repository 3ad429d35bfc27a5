import { randomUUID } from 'node:crypto';
import { bearer, TestApi, TestOrganization } from '../../../../test/support/api/test-api';
import { expectProblem } from '../../../../test/support/api/untouched';

let api: TestApi;
let org: TestOrganization;

beforeAll(async () => {
  api = await TestApi.start();
  org = await api.createOrganization();
});

afterAll(() => api.close());

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const METHODS: Method[] = ['get', 'post', 'put', 'patch', 'delete'];

describe('a method a path does not take', () => {
  it.each([
    ['delete', '/api/phones', 'GET, HEAD'],
    ['patch', `/api/phones/${randomUUID()}`, 'GET, HEAD, PUT, DELETE'],
    ['get', '/api/twilio/buy-phone-number', 'POST'],
    ['post', '/health', 'GET, HEAD'],
    ['get', '/twilio/voice', 'POST'],
    ['post', '/settings/telephony/demo-access', 'GET, HEAD'],
  ] as const)('%s %s is a 405 problem with Allow: %s', async (method, path, allow) => {
    const response = await api.http[method](path).set(bearer(org.token));

    expectProblem(response, 405, 'method_not_allowed');
    expect(response.headers.allow).toBe(allow);
    expect(response.body.allow).toEqual(allow.split(', '));
  });

  it('is a 405 whatever body it carries: the body of a request no route takes is not read', async () => {
    const response = await api.http
      .put('/api/twilio/sync-numbers')
      .set(bearer(org.token))
      .set('Content-Type', 'text/plain')
      .send('not json at all');

    expectProblem(response, 405, 'method_not_allowed');
    expect(response.headers.allow).toBe('POST');
  });

  it('is a 405 for every method the document does not give a documented path, with its methods in Allow', async () => {
    const document = (await api.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, Partial<Record<Method, unknown>>>;
    };
    let checked = 0;
    for (const [template, item] of Object.entries(document.paths)) {
      const path = template.replace(/\{[^}]+\}/g, randomUUID());
      for (const method of METHODS.filter((m) => !item[m])) {
        // The harness holds the answer to the document: a 405 whose Allow lists its methods.
        const response = await api.http[method](path).set(bearer(org.token));
        expect({ path, method, status: response.status }).toEqual({ path, method, status: 405 });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });
});

describe('a path the API does not have', () => {
  it.each([
    ['get', '/api/nothing-here'],
    ['post', '/api/twilio/nothing-here'],
    ['delete', '/nothing'],
    ['get', `/api/phones/${randomUUID()}/nothing`],
  ] as const)('%s %s is still a 404 problem', async (method, path) => {
    const response = await api.http[method](path).set(bearer(org.token)).send({ any: 'body' });

    expectProblem(response, 404, 'not_found');
    expect(response.headers.allow).toBeUndefined();
  });

  it('is a 404, not a verdict on its body, whatever the body is', async () => {
    const response = await api.http
      .post('/api/nothing-here')
      .set('Content-Type', 'application/json')
      .send('{"broken');

    expectProblem(response, 404, 'not_found');
  });
});
