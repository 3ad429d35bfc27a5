import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { inspectJson } from './json-inspection';
import { RequestValidationFailed } from './problem.exception';
import { RouteTable } from './routes';

/**
 * The query string gets the body's rules: no parameter may carry text PostgreSQL cannot store
 * (`?after=%00`), and no prototype key may slip past the DTO's list of known parameters.
 */
@Injectable()
export class RequestQueryMiddleware implements NestMiddleware {
  constructor(private readonly routes: RouteTable) {}

  use(request: Request, _response: Response, next: NextFunction): void {
    if (Object.keys(request.query).length === 0 || !this.routes.takes(request)) {
      next();
      return;
    }
    const problems = inspectJson(request.query);
    // Express's simple query parser does not nest, so only field problems can come back.
    if (Array.isArray(problems) && problems.length > 0) throw new RequestValidationFailed(problems);
    next();
  }
}
