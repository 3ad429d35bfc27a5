import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { RuntimeConfig } from './config/runtime-config';
import { answerClientErrorsAsProblems } from './http/client-errors';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { createValidationPipe } from './http/validation';

/**
 * Builds the application exactly as it runs, for main.ts and for the end-to-end tests: the same
 * body parsing, validation, error format, security headers, logs and OpenAPI document.
 */
export async function createApp(config: RuntimeConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
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
    exposedHeaders: ['Link', 'Retry-After', 'X-Request-Id', 'Idempotent-Replayed'],
    maxAge: 600,
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  answerClientErrorsAsProblems(app.getHttpServer());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Loquent telephony API')
      .setDescription(
        'Search, buy, import and configure the Twilio numbers of an organization. JSON bodies are snake_case; ' +
          'every error is application/problem+json (RFC 9457).',
      )
      .setVersion('1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  await app.init();
  return app;
}
