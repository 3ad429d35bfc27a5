import { METHODS } from 'node:http';
import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Request } from 'express';

/** What Express 5 keeps of a registered route: its router's Layer (`router` 2) and Route. */
interface Layer {
  route?: { path: string; methods: Record<string, boolean | undefined> };
  match(path: string): boolean;
}

export interface ServedRoute {
  /** Express's pattern: `/api/phones/:id`. */
  path: string;
  /** Upper case, HEAD included wherever GET is (Express answers HEAD with the GET handler). */
  methods: string[];
  matches(path: string): boolean;
}

const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Paths whose methods are remembered; past it the memory starts over (ids make paths many). */
const REMEMBERED_PATHS = 1_000;
const REMEMBERED_PATH_LENGTH = 200;
const EVERY_METHOD = METHODS.length;

/**
 * The routes the application answers, read from Express's router after Nest registered them.
 * Middleware applied to every method of a path (Nest registers it as a route too) is no route
 * of its own and is left out.
 */
export function servedRoutes(express: { router: { stack: readonly object[] } }): ServedRoute[] {
  const routes: ServedRoute[] = [];
  for (const layer of express.router.stack as Layer[]) {
    const route = layer.route;
    if (!route) continue;
    const methods = Object.keys(route.methods)
      .filter((method) => route.methods[method])
      .map((method) => method.toUpperCase());
    if (methods.includes('_ALL') || methods.length >= EVERY_METHOD) continue;
    if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
    routes.push({ path: route.path, methods, matches: (path) => layer.match(path) });
  }
  return routes;
}

/** The methods some route answers at this path, in a stable order; none for a path not served. */
export function methodsAt(routes: readonly ServedRoute[], path: string): string[] {
  const methods = new Set(routes.filter((route) => route.matches(path)).flatMap((r) => r.methods));
  return [...methods].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** The application's routes, read once Nest has registered them all (at the first question). */
@Injectable()
export class RouteTable {
  private routes: ServedRoute[] | undefined;
  /** Matching a path against every route, on each request with a query or a body, adds up. */
  private readonly byPath = new Map<string, readonly string[]>();

  constructor(private readonly host: HttpAdapterHost) {}

  methodsAt(path: string): string[] {
    return [...this.knownMethodsAt(path)];
  }

  /** Whether a route takes this request: else it is a 404 or 405, whatever it carries. */
  takes(request: Request): boolean {
    return this.knownMethodsAt(request.baseUrl + request.path).includes(
      request.method.toUpperCase(),
    );
  }

  private knownMethodsAt(path: string): readonly string[] {
    let methods = this.byPath.get(path);
    if (methods === undefined) {
      this.routes ??= servedRoutes(this.host.httpAdapter.getInstance());
      methods = methodsAt(this.routes, path);
      if (path.length <= REMEMBERED_PATH_LENGTH) {
        if (this.byPath.size >= REMEMBERED_PATHS) this.byPath.clear();
        this.byPath.set(path, methods);
      }
    }
    return methods;
  }
}

function rank(method: string): number {
  const index = ORDER.indexOf(method);
  return index === -1 ? ORDER.length : index;
}
