import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
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
  private static readonly storage = new AsyncLocalStorage<Actor | (() => Actor)>();

  static run<T>(actor: Actor, work: () => T): T {
    return AuditContext.storage.run(actor, work);
  }

  /** Runs work whose actor is only known later (a request, once authenticated): read when asked. */
  static runAs<T>(actor: () => Actor, work: () => T): T {
    return AuditContext.storage.run(actor, work);
  }

  static current(): Actor {
    const store = AuditContext.storage.getStore();
    if (store === undefined) return UNKNOWN;
    return typeof store === 'function' ? store() : store;
  }
}

/**
 * Runs every request as its principal, under its request id (pino-http's, the one answered in
 * X-Request-Id), in a RequestScope of its own, so the whole of the work, awaited or not, sees who
 * caused it. A middleware, not an interceptor: a route with no interceptor skips Nest's rxjs
 * pipeline. The principal is read when an event asks, since the AuthGuard names it after the
 * middleware ran; until then (and on a route that authenticates nobody) the actor is the unknown
 * system one.
 */
@Injectable()
export class AuditContextMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    const req = request as Request & { principal?: Principal; id?: unknown };
    AuditContext.runAs(
      () => {
        if (!req.principal) return UNKNOWN;
        return {
          actor: req.principal.subject,
          requestId: typeof req.id === 'string' ? req.id : null,
        };
      },
      () => RequestScope.run(next),
    );
  }
}
