import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  id: string;
  headers: IncomingHttpHeaders;
  raw: string;
}

/**
 * A local HTTP server standing for an organization's system: records every POST, can answer 503,
 * can stop listening (connections refused) and listen again on the same port, and counts how many
 * requests of one webhook-id it holds at once.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** What it answers: 204, or 503 with a long body. */
  unavailable = false;
  /** Set: answers a success with 200 and this body (bytes as given) rather than a 204. */
  successBody: Buffer | null = null;
  /** How long it takes to answer each request. */
  delayMs = 0;
  /** The most requests of one webhook-id it ever held at the same moment. */
  maxConcurrentPerId = 0;
  private readonly inFlight = new Map<string, number>();
  private server: Server;

  private constructor(private port: number) {
    this.server = this.newServer();
  }

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(0);
    await receiver.listen();
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/loquent`;
  }

  ids(): string[] {
    return this.received.map((r) => r.id);
  }

  /** Stops listening: from now on connections are refused. */
  async down(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Listens again on the same port. */
  async up(): Promise<void> {
    this.server = this.newServer();
    await this.listen();
  }

  /** Verifies one received message with the standardwebhooks package: its payload, or throws. */
  static verify(secret: string, message: ReceivedWebhook): unknown {
    return new Webhook(secret).verify(message.raw, message.headers as Record<string, string>);
  }

  async until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private newServer(): Server {
    return createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const id = String(request.headers['webhook-id']);
        const holding = (this.inFlight.get(id) ?? 0) + 1;
        this.inFlight.set(id, holding);
        this.maxConcurrentPerId = Math.max(this.maxConcurrentPerId, holding);
        setTimeout(() => {
          this.inFlight.set(id, (this.inFlight.get(id) ?? 1) - 1);
          if (this.unavailable) {
            response.writeHead(503, { 'content-type': 'text/plain' }).end('busy '.repeat(1000));
            return;
          }
          this.received.push({
            id,
            headers: request.headers,
            raw: Buffer.concat(chunks).toString(),
          });
          if (this.successBody) {
            response.writeHead(200, { 'content-type': 'text/plain' }).end(this.successBody);
            return;
          }
          response.writeHead(204).end();
        }, this.delayMs);
      });
    });
  }
}
