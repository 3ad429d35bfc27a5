import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { TwilioApiError, TwilioTransportError } from './twilio-http.errors';
import { formEncode, TwilioHttpClient } from './twilio-http-client';

describe('TwilioHttpClient', () => {
  let server: Server;
  let origin: string;
  const seen: IncomingMessage[] = [];
  const bodies: string[] = [];
  let reply: (res: import('node:http').ServerResponse) => void = (res) => res.end('{}');

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req);
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        bodies.push(body);
        reply(res);
      });
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

  it('sends what the SDK asks as its own client would: Basic auth, its headers, a form body with lists as repeated keys, query params', async () => {
    reply = (res) =>
      res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"sid":"PN1"}');

    const response = await client().request({
      method: 'post',
      uri: 'https://api.twilio.com/2010-04-01/Accounts/AC1/IncomingPhoneNumbers.json',
      username: 'AC1',
      password: 'secret',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      params: { PageSize: 50 },
      data: {
        PhoneNumber: '+14155550100',
        FriendlyName: 'Front desk & lobby',
        VoiceMethod: undefined,
        StatusCallbackEvent: ['initiated', 'answered'],
      },
    });

    expect(response).toMatchObject({ statusCode: 201, body: '{"sid":"PN1"}' });
    const request = seen.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/2010-04-01/Accounts/AC1/IncomingPhoneNumbers.json?PageSize=50');
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from('AC1:secret').toString('base64')}`,
    );
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers.accept).toBe('application/json');
    const form = new URLSearchParams(bodies.at(-1));
    expect([...form]).toEqual([
      ['PhoneNumber', '+14155550100'],
      ['FriendlyName', 'Front desk & lobby'],
      ['StatusCallbackEvent', 'initiated'],
      ['StatusCallbackEvent', 'answered'],
    ]);
  });

  it('asks for a compressed answer and reads it', async () => {
    reply = (res) =>
      res
        .writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
        .end(gzipSync('{"incoming_phone_numbers":[]}'));

    const response = await client().request({
      method: 'get',
      uri: 'https://api.twilio.com/x.json',
    });

    expect(seen.at(-1)!.headers['accept-encoding']).toMatch(/gzip/);
    expect(response.body).toBe('{"incoming_phone_numbers":[]}');
  });

  it('reads an answer sent in pieces whole, a character split between two of them included', async () => {
    const json = JSON.stringify({ friendly_name: 'Zürich Café – 東京 ☎' });
    const bytes = Buffer.from(json, 'utf8');
    const split = bytes.indexOf(Buffer.from('東')) + 1; // inside the three bytes of 東
    reply = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(bytes.subarray(0, split));
      setTimeout(() => res.end(bytes.subarray(split)), 20);
    };

    const response = await client().request({
      method: 'get',
      uri: 'https://api.twilio.com/x.json',
    });

    expect(response.body).toBe(json);
  });

  it('encodes forms as the SDK does (qs, arrayFormat repeat)', () => {
    expect(
      formEncode({
        A: 'x y',
        B: null,
        C: undefined,
        D: [1, 2],
        E: true,
        F: new Date('2026-12-01T00:00:00Z'),
        G: { H: 'i' },
      }),
    ).toBe('A=x%20y&B=&D=1&D=2&E=true&F=2026-12-01T00%3A00%3A00.000Z&G%5BH%5D=i');
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
