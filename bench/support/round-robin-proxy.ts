import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A load balancer on loopback: each request goes to the next upstream in turn (round robin),
 * streamed both ways, with keep-alive to the upstreams, as nginx's default upstream does.
 */
export class RoundRobinProxy {
  private next = 0;
  private readonly served: number[];
  private readonly server: Server;

  private constructor(private readonly upstreams: readonly URL[]) {
    this.served = upstreams.map(() => 0);
    this.server = createServer((req, res) => {
      const index = this.next++ % this.upstreams.length;
      this.served[index]!++;
      const target = this.upstreams[index]!;
      const forwarded = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' },
        },
        (upstream) => {
          res.writeHead(upstream.statusCode ?? 502, upstream.headers);
          upstream.pipe(res);
        },
      );
      forwarded.on('error', () => {
        if (!res.headersSent) res.writeHead(502).end();
        else res.destroy();
      });
      req.pipe(forwarded);
    });
    this.server.keepAliveTimeout = 65_000;
  }

  static async start(upstreams: readonly string[]): Promise<RoundRobinProxy> {
    const proxy = new RoundRobinProxy(upstreams.map((upstream) => new URL(upstream)));
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Requests sent to each upstream so far, in the order given. */
  get requestsPerUpstream(): readonly number[] {
    return [...this.served];
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
