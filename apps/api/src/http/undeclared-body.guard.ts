import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import { hasJsonBody } from './json-body.middleware';
import { printable } from './json-inspection';
import { RequestValidationFailed } from './problem.exception';

/**
 * A route that takes no body (no @Body() parameter: disconnect, a GET, a DELETE) accepts only an
 * empty one or `{}`: whatever else a client sends would be dropped unread, so it is refused as
 * unknown fields, like the fields a DTO does not declare. Global, so a new route is covered too;
 * a guard, so it runs after authentication and before the idempotency fingerprint.
 */
@Injectable()
export class UndeclaredBodyGuard implements CanActivate {
  private readonly takesBody = new WeakMap<object, boolean>();

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
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
    return true;
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
