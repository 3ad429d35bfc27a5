import { Injectable, NestMiddleware } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { ProblemException } from './problem.exception';

export const JSON_BODY_LIMIT = '100kb';

/**
 * Parses JSON bodies as a Nest middleware rather than Express's own, so a body that is too large
 * (413) or not JSON (400) reaches the problem+json filter instead of Express's HTML error page.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  private readonly parse = express.json({ limit: JSON_BODY_LIMIT, strict: true });

  async use(request: Request, response: Response, next: NextFunction): Promise<void> {
    // Most requests (GETs) carry no body: nothing to wait for.
    if (
      request.headers['content-length'] === undefined &&
      request.headers['transfer-encoding'] === undefined
    ) {
      next();
      return;
    }
    try {
      await new Promise<void>((resolve, reject) =>
        this.parse(request, response, (error?: unknown) => (error ? reject(error) : resolve())),
      );
    } catch (error) {
      throw toProblem(error);
    }
    next();
  }
}

function toProblem(error: unknown): unknown {
  const type = (error as { type?: string }).type;
  if (type === 'entity.too.large') {
    return new ProblemException({
      status: 413,
      code: 'payload_too_large',
      title: 'Request body too large',
      detail: `Request bodies are limited to ${JSON_BODY_LIMIT}`,
    });
  }
  if (type === 'entity.parse.failed') {
    return new ProblemException({
      status: 400,
      code: 'malformed_json',
      title: 'Malformed JSON',
      detail: 'The request body is not valid JSON',
    });
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new ProblemException({
      status: 415,
      code: 'unsupported_media_type',
      title: 'Unsupported media type',
      detail: 'The request body must be UTF-8 JSON',
    });
  }
  return error;
}
