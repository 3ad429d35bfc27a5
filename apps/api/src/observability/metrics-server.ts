import { timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import express, { type Response } from 'express';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { PROBLEM_CONTENT_TYPE, problemType } from '../http/problem-details';
import { Metrics } from './metrics';

/**
 * GET /metrics for Prometheus, on a port of its own (METRICS_PORT, on loopback unless
 * METRICS_HOST says otherwise), never on the API's public port; with METRICS_TOKEN set, only with
 * that bearer token. It listens while the application runs and closes with it.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | null = null;

  constructor(
    private readonly metrics: Metrics,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  /** Where Prometheus scrapes, e.g. http://127.0.0.1:9464/metrics. */
  get url(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('The metrics server is not listening');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}/metrics`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const app = express();
    app.disable('x-powered-by');
    app.set('etag', false);
    app.get('/metrics', (request, response, next) => {
      if (!this.authorized(request.header('authorization'))) {
        problem(
          response,
          401,
          'unauthenticated',
          'Authentication required',
          'Metrics need the metrics token',
        );
        return;
      }
      this.metrics.registry.metrics().then((text) => {
        response.setHeader('Cache-Control', 'no-store');
        response.type(this.metrics.registry.contentType).send(text);
      }, next);
    });
    app.use((_request, response) => {
      problem(response, 404, 'not_found', 'Not found', 'Only GET /metrics is served on this port');
    });

    const { metricsPort: port, metricsHost: host } = this.config;
    const server = app.listen(port, host);
    try {
      await once(server, 'listening');
    } catch (error) {
      const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      throw new Error(
        inUse
          ? `Cannot serve /metrics on ${host}:${port}: the port is in use. Set METRICS_PORT to a free one.`
          : `Cannot serve /metrics on ${host}:${port}: ${String(error)}`,
        { cause: error },
      );
    }
    this.server = server;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = once(server, 'close');
    server.close();
    // A scrape holds no request worth waiting for.
    server.closeAllConnections();
    await closed;
  }

  private authorized(header: string | undefined): boolean {
    const expected = this.config.metricsToken;
    if (!expected) return true;
    const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
    const wanted = Buffer.from(expected);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }
}

function problem(
  response: Response,
  status: number,
  code: string,
  title: string,
  detail: string,
): void {
  response
    .status(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ type: problemType(code), title, status, detail, code }));
}
