import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { TwilioApiError, TwilioTransportError } from './twilio-http.errors';
import { TwilioHttpClient } from './twilio-http-client';

describe('TwilioHttpClient', () => {
  let server: Server;
  let origin: string;
  const seen: IncomingMessage[] = [];
  let reply: (res: import('node:http').ServerResponse) => void = (res) => res.end('{}');

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req);
      reply(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const client = (timeoutMs = 2_000) => new TwilioHttpClient({ apiBaseUrl: origin, timeoutMs });

  it("sends Twilio's URLs to the configured origin, path and query kept", async () => {
    reply = (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');

    const response = await client().request({
      method: 'get',
      uri: 'https://api.twilio.com/2010-04-01/Accounts/AC1/IncomingPhoneNumbers.json?PageSize=1000&Page=1',
    });

    expect(response.statusCode).toBe(200);
    expect(seen.at(-1)?.url).toBe(
      '/2010-04-01/Accounts/AC1/IncomingPhoneNumbers.json?PageSize=1000&Page=1',
    );
  });

  it('keeps no page alive between calls: the last request and response are let go', async () => {
    reply = (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    const http = client();

    await http.request({ method: 'get', uri: 'https://api.twilio.com/x.json' });

    expect(http.lastRequest).toBeUndefined();
    expect(http.lastResponse).toBeUndefined();
  });

  it('turns an error status into TwilioApiError with code and Retry-After', async () => {
    reply = (res) =>
      res
        .writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '3' })
        .end(
          '{"code":20429,"message":"Too Many Requests","more_info":"https://www.twilio.com/docs/errors/20429","status":429}',
        );

    await expect(
      client().request({ method: 'get', uri: 'https://api.twilio.com/x.json' }),
    ).rejects.toEqual(
      expect.objectContaining({
        constructor: TwilioApiError,
        status: 429,
        code: 20429,
        retryAfterSeconds: 3,
      }),
    );
  });

  it('keeps the status when the error body is not JSON', async () => {
    reply = (res) =>
      res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html>Bad gateway</html>');

    await expect(
      client().request({ method: 'get', uri: 'https://api.twilio.com/x.json' }),
    ).rejects.toMatchObject({
      status: 502,
      code: null,
    });
  });

  it('reports a timeout as a transport error', async () => {
    reply = (res) => setTimeout(() => res.end('{}'), 500);

    await expect(
      client(100).request({ method: 'get', uri: 'https://api.twilio.com/x.json' }),
    ).rejects.toEqual(
      expect.objectContaining({ constructor: TwilioTransportError, kind: 'timeout' }),
    );
  });

  it('reports a dropped connection as a transport error', async () => {
    reply = (res) => res.socket?.destroy();

    await expect(
      client().request({ method: 'get', uri: 'https://api.twilio.com/x.json' }),
    ).rejects.toEqual(
      expect.objectContaining({ constructor: TwilioTransportError, kind: 'connection' }),
    );
  });
});
