import { TestApi } from '../../../../test/support/api/test-api';
import { expectProblem } from '../../../../test/support/api/untouched';

let api: TestApi;

beforeAll(async () => {
  api = await TestApi.start();
});

afterAll(() => api.close());

describe('GET /health', () => {
  it('is 200 with each dependency up, never cached, with no token', async () => {
    const response = await api.http.get('/health').expect(200);

    expect(response.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
    expect(response.body).toEqual({
      status: 'ok',
      info: { database: { status: 'up', responseTime: expect.any(Number) } },
      error: {},
      details: { database: { status: 'up', responseTime: expect.any(Number) } },
    });
  });

  it('is a 503 problem naming the dependency down when the database does not answer', async () => {
    const down = await TestApi.start();
    try {
      await down.dataSource.destroy();

      const response = await down.http.get('/health');

      expectProblem(response, 503, 'unhealthy');
      expect(response.body).toMatchObject({
        detail: 'Not answering: database',
        checks: { database: { status: 'down' } },
      });
    } finally {
      await down.close();
    }
  });
});
