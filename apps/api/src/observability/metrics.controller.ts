import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { Public } from '../auth/auth.decorators';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { ApiProblems } from '../http/api-problem-responses.decorator';
import { headerRef } from '../http/openapi-headers';
import { ProblemException } from '../http/problem.exception';
import { Metrics } from './metrics';

/** Prometheus scrapes /metrics; with METRICS_TOKEN set, only with that bearer token. */
@ApiTags('Operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  @Get()
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Prometheus metrics',
    description:
      'The text exposition format. Open unless METRICS_TOKEN is set; then only with that token as a bearer token.',
  })
  // Either no credentials (METRICS_TOKEN unset) or the metrics token.
  @ApiSecurity({})
  @ApiSecurity('metricsToken')
  @ApiOkResponse({
    description: 'The metrics',
    headers: { 'Cache-Control': headerRef('Cache-Control') },
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiProblems({ status: 401, headers: { 'Cache-Control': headerRef('Cache-Control') } }, 500)
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
          headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
        });
      }
    }
    request.res?.type(this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
