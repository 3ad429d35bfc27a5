import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { PinoLogger } from 'nestjs-pino';
import { requestLogging } from './request-logging';

/** The lines written, parsed; a stream as pino's destination. */
class Lines extends Writable {
  readonly lines: Record<string, unknown>[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      this.lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  }
}

const output = new Lines();
const logger = new PinoLogger({
  pinoHttp: [{ level: 'info', formatters: { level: (label) => ({ level: label }) } }, output],
});
const middleware = requestLogging(logger);
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    middleware(request, response, () => {
      const status = Number(new URL(request.url!, 'http://x').searchParams.get('status') ?? 200);
      logger.info('handling');
      if (request.url!.startsWith('/slow')) {
        response.writeHead(200).write('part');
        return; // the client goes away before the end
      }
      response.writeHead(status).end('done');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

const linesOf = async (reqId: string) => {
  await new Promise((resolve) => setImmediate(resolve));
  return output.lines.filter((line) => line.reqId === reqId);
};

describe('requestLogging', () => {
  it("writes one line per request, pino's layout, with the id every line of the request carries", async () => {
    const response = await fetch(`${url}/api/phones?limit=5&access_token=s3cr3t`, {
      headers: { 'X-Request-Id': 'req-1', 'User-Agent': 'curl (Bearer abc.def)' },
    });
    expect(response.headers.get('x-request-id')).toBe('req-1');

    const [handling, line] = await linesOf('req-1');
    expect(handling).toMatchObject({ level: 'info', msg: 'handling', reqId: 'req-1' });
    expect(line).toEqual({
      level: 'info',
      time: expect.any(Number),
      pid: process.pid,
      hostname: expect.any(String),
      reqId: 'req-1',
      req: {
        id: 'req-1',
        method: 'GET',
        url: '/api/phones?limit=5&access_token=[redacted]',
        userAgent: 'curl (Bearer [redacted])',
      },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
      msg: 'request completed',
    });
  });

  it('logs a 4xx as a warning and a 5xx as an error, and makes an id when none usable is given', async () => {
    const refused = await fetch(`${url}/?status=404`, { headers: { 'X-Request-Id': 'req-2' } });
    const failed = await fetch(`${url}/?status=503`, { headers: { 'X-Request-Id': 'bad id!' } });
    const madeId = failed.headers.get('x-request-id')!;

    expect(refused.status).toBe(404);
    expect(madeId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await linesOf('req-2')).at(-1)).toMatchObject({
      level: 'warn',
      res: { statusCode: 404 },
    });
    expect((await linesOf(madeId)).at(-1)).toMatchObject({
      level: 'error',
      res: { statusCode: 503 },
      msg: 'request errored',
    });
  });

  it('logs a request whose client went away before the answer was sent, as aborted', async () => {
    await new Promise<void>((resolve) => {
      const call = httpRequest(`${url}/slow`, { headers: { 'X-Request-Id': 'req-3' } }, (res) => {
        res.once('data', () => {
          call.destroy();
          resolve();
        });
      });
      call.end();
    });
    let lines = await linesOf('req-3');
    for (let attempt = 0; lines.length < 2 && attempt < 50; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      lines = await linesOf('req-3');
    }

    expect(lines.at(-1)).toMatchObject({ msg: 'request completed', aborted: true });
  });
});
