import { AsyncLocalStorage } from 'node:async_hooks';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import type { Principal } from '../auth/principal';
import { RequestScope } from '../system/request-scope';

/** Who caused a change, as its event records it. */
export interface Actor {
  /** The token's `sub`, or `system:reconciler`, `system:drift-check`. */
  actor: string;
  /** The X-Request-Id of the request that made the change; null for the system's own work. */
  requestId: string | null;
}

export const RECONCILER: Actor = { actor: 'system:reconciler', requestId: null };
export const DRIFT_CHECK: Actor = { actor: 'system:drift-check', requestId: null };
/** Work that started nowhere known (a script, a test calling a use case directly). */
const UNKNOWN: Actor = { actor: 'system', requestId: null };

/**
 * The actor of the work in progress, for the event log to read when a unit of work commits: the
 * app sets it (per request, or around a background job); the domain never sees it.
 */
export class AuditContext {
  private static readonly storage = new AsyncLocalStorage<Actor>();

  static run<T>(actor: Actor, work: () => T): T {
    return AuditContext.storage.run(actor, work);
  }

  static current(): Actor {
    return AuditContext.storage.getStore() ?? UNKNOWN;
  }
}

/**
 * Runs every authenticated request's handler as its principal, under its request id (pino-http's,
 * the one answered in X-Request-Id), in a RequestScope of its own. Nest binds the handler to the
 * async context next.handle() is called in, so the whole of the work, awaited or not, sees it.
 */
@Injectable()
export class AuditContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context
      .switchToHttp()
      .getRequest<Request & { principal?: Principal; id?: unknown }>();
    if (!request.principal) return next.handle();
    const actor: Actor = {
      actor: request.principal.subject,
      requestId: typeof request.id === 'string' ? request.id : null,
    };
    return AuditContext.run(actor, () => RequestScope.run(() => next.handle()));
  }
}
