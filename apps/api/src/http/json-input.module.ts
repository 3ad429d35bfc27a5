import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { JsonBodyMiddleware } from './json-body.middleware';
import { RequestQueryMiddleware } from './request-query.middleware';
import { RouteTable } from './routes';

/**
 * The JSON API's input rules; Twilio's webhooks (form-encoded, signed) have their own. A module
 * of its own, not global: Nest mounts the middleware of global modules first, so the request
 * logger (which gives every answer its X-Request-Id and log line) runs before a body is refused.
 * A request no route takes is left alone: its answer is a 404 or 405, not a verdict on its body.
 */
@Module({ providers: [RouteTable], exports: [RouteTable] })
export class JsonInputModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(RequestQueryMiddleware, JsonBodyMiddleware)
      .forRoutes({ path: 'api/*path', method: RequestMethod.ALL });
  }
}
