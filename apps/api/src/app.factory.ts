import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { Clock } from '@loquent/telephony-domain';
import helmet from 'helmet';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { requestLogging } from './observability/request-logging';
import { RuntimeConfig } from './config/runtime-config';
import { answerClientErrorsAsProblems } from './http/client-errors';
import { createOpenApiDocument } from './http/openapi-document';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { RouteTable } from './http/routes';
import { createValidationPipe } from './http/validation';

/**
 * Builds the application exactly as it runs, for main.ts and for the end-to-end tests: the same
 * body parsing, validation, error format, security headers, logs and OpenAPI document.
 */
export async function createApp(
  config: RuntimeConfig,
  options: { clock?: Clock } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  // First, so that every answer (a refusal by any later middleware too) has its id and line.
  app.use(requestLogging(await app.resolve(PinoLogger)));
  app.disable('x-powered-by');
  // API answers are not revalidated by ETag; hashing every body is cost without a client for it.
  app.set('etag', false);
  // Behind a load balancer, req.ip is the client's (rate limits fall back to it without a token).
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.use(
    helmet({
      // The API answers JSON; its two pages (/docs and the settings page) set what they need.
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          frameAncestors: ["'none'"],
        },
      },
    }),
  );
  app.enableCors({
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
    exposedHeaders: ['Link', 'Location', 'Retry-After', 'X-Request-Id', 'Idempotent-Replayed'],
    maxAge: 600,
  });
  app.useGlobalPipes(createValidationPipe());
  const routes = app.get(RouteTable);
  app.useGlobalFilters(new ProblemDetailsFilter((path) => routes.methodsAt(path)));
  answerClientErrorsAsProblems(app.getHttpServer());

  // Built at the first request for it, not at every start: most processes never serve it.
  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app, config), {
    jsonDocumentUrl: 'docs-json',
  });

  await app.init();
  return app;
}
