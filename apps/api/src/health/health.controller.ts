import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { DEPENDENCY_CHECKS_SCHEMA } from '../http/api-formats';
import { ApiProblems } from '../http/api-problem-responses.decorator';
import { headerRef } from '../http/openapi-headers';
import { ProblemException } from '../http/problem.exception';

const CHECKS = DEPENDENCY_CHECKS_SCHEMA;

@ApiTags('Operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  @Get()
  @Public()
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: 'Up when the database answers: 200, otherwise 503' })
  @ApiOkResponse({
    description: 'Every dependency answers',
    headers: { 'Cache-Control': headerRef('Cache-Control') },
    schema: {
      type: 'object',
      required: ['status', 'info', 'error', 'details'],
      properties: {
        status: { type: 'string', enum: ['ok'] },
        info: CHECKS,
        error: CHECKS,
        details: CHECKS,
      },
    },
  })
  @ApiProblems(500, { status: 503, headers: { 'Cache-Control': headerRef('Cache-Control') } })
  async check(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: 2_000 }),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // Terminus's answer, as a problem like every other error, still naming what is down.
      const result = error.getResponse() as HealthCheckResult;
      throw new ProblemException({
        status: 503,
        code: 'unhealthy',
        title: 'Unhealthy',
        detail: `Not answering: ${Object.keys(result.error ?? {}).join(', ')}`,
        extensions: { checks: result.details },
      });
    }
  }
}
