import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { hasJsonBody } from './json-body.middleware';
import { printable } from './json-inspection';
import { RequestValidationFailed } from './problem.exception';

/**
 * A route that takes no body (no @Body() parameter: disconnect, a GET, a DELETE) accepts only an
 * empty one or `{}`: whatever else a client sends would be dropped unread, so it is refused as
 * unknown fields, like the fields a DTO does not declare. Global, so a new route is covered too,
 * and it runs before the route's own interceptors (the idempotency fingerprint).
 */
@Injectable()
export class UndeclaredBodyInterceptor implements NestInterceptor {
  private readonly takesBody = new WeakMap<object, boolean>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    if (hasJsonBody(request) && !this.routeTakesBody(context)) {
      const fields = Object.keys(request.body as object).map(printable);
      if (fields.length > 0) {
        throw new RequestValidationFailed(
          fields.map((field) => ({
            field,
            message: `property ${field} should not exist (this route takes no body)`,
          })),
        );
      }
    }
    return next.handle();
  }

  private routeTakesBody(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    let known = this.takesBody.get(handler);
    if (known === undefined) {
      const parameters: Record<string, unknown> =
        Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {};
      // Keys are `${paramtype}:${index}`.
      known = Object.keys(parameters).some(
        (key) => Number(key.split(':')[0]) === RouteParamtypes.BODY,
      );
      this.takesBody.set(handler, known);
    }
    return known;
  }
}
