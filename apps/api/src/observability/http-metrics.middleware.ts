import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Metrics } from './metrics';

/** Times every request, labelled by its route pattern (never the raw path: ids would explode it). */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: Metrics) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const end = this.metrics.httpRequestDuration.startTimer();
    response.once('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path;
      end({
        method: request.method,
        route: route ? `${request.baseUrl}${route}` : 'unmatched',
        status_code: String(response.statusCode),
      });
    });
    next();
  }
}
