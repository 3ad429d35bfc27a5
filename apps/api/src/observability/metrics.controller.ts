import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { Public } from '../auth/auth.decorators';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { ProblemException } from '../http/problem.exception';
import { Metrics } from './metrics';

/** Prometheus scrapes /metrics; with METRICS_TOKEN set, only with that bearer token. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  @Get()
  @Public()
  @Header('Cache-Control', 'no-store')
  async scrape(@Req() request: Request): Promise<string> {
    const expected = this.config.metricsToken;
    if (expected) {
      const given = Buffer.from(request.header('authorization')?.replace(/^Bearer\s+/i, '') ?? '');
      const wanted = Buffer.from(expected);
      if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
        throw new ProblemException({
          status: 401,
          code: 'unauthenticated',
          title: 'Authentication required',
          detail: 'Metrics need the metrics token',
        });
      }
    }
    request.res?.type(this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
