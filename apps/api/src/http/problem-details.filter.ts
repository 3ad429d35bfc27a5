import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { isTelephonyDomainError } from '@loquent/telephony-domain';
import type { Request, Response } from 'express';
import { requestId } from '../observability/logging';
import { domainErrorResponse } from './domain-error-status';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, problemType } from './problem-details';
import { ProblemException } from './problem.exception';

const CODES_BY_STATUS: Record<number, { code: string; title: string }> = {
  400: { code: 'bad_request', title: 'Bad request' },
  401: { code: 'unauthenticated', title: 'Authentication required' },
  403: { code: 'forbidden', title: 'Forbidden' },
  404: { code: 'not_found', title: 'Not found' },
  405: { code: 'method_not_allowed', title: 'Method not allowed' },
  409: { code: 'conflict', title: 'Conflict' },
  413: { code: 'payload_too_large', title: 'Request body too large' },
  415: { code: 'unsupported_media_type', title: 'Unsupported media type' },
  422: { code: 'unprocessable_content', title: 'Unprocessable content' },
  429: { code: 'too_many_requests', title: 'Too many requests' },
};

/**
 * Every error leaves the API as application/problem+json (RFC 9457): domain errors through their
 * one mapping, HTTP errors by status, anything unexpected as a 500 that reveals nothing. A request
 * no route took is a 405 with Allow when its path has routes for other methods, else a 404.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  /** @param methodsAt the methods the application answers at a path (none: no such path). */
  constructor(private readonly methodsAt: (path: string) => string[] = () => []) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request>();
    const response = context.getResponse<Response>();
    const { problem, headers } = this.methodNotAllowed(exception, request) ?? toProblem(exception);
    problem.instance = uriReference(request.originalUrl?.split('?')[0] ?? '');

    if (problem.status >= 500) {
      this.logger.error(
        `${request.method} ${request.originalUrl} failed: ${describe(exception)}`,
        exception instanceof Error ? exception.stack : undefined,
      );
    }
    if (response.headersSent) return;
    // A request refused before the request logger saw it (a path Express cannot decode) still
    // gets the id every answer carries.
    if (!response.hasHeader('X-Request-Id')) {
      response.setHeader('X-Request-Id', requestId(request.headers['x-request-id']));
    }
    for (const [name, value] of Object.entries(headers ?? {})) response.setHeader(name, value);
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private methodNotAllowed(
    exception: unknown,
    request: Request,
  ): ReturnType<typeof toProblem> | null {
    // Nest answers a request no route took with a bare NotFoundException. When routes at the path
    // take other methods (and not this one: then a handler said 404), the method is what is wrong.
    if (!(exception instanceof NotFoundException) || exception instanceof ProblemException) {
      return null;
    }
    const allowed = this.methodsAt(request.path);
    if (allowed.length === 0 || allowed.includes(request.method.toUpperCase())) return null;
    return {
      problem: {
        type: problemType('method_not_allowed'),
        title: 'Method not allowed',
        status: 405,
        detail: `${request.method} is not allowed here; use ${allowed.join(', ')}`,
        code: 'method_not_allowed',
        allow: allowed,
      },
      headers: { Allow: allowed.join(', ') },
    };
  }
}

function httpExceptionDetail(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/** The path as a valid URI reference: a stray `%` or a character URIs do not allow, escaped. */
function uriReference(path: string): string {
  return path.replace(/%(?![0-9A-Fa-f]{2})|[^\w\-.~!$&'()*+,;=:@/%]/g, (c) =>
    [...Buffer.from(c, 'utf8')]
      .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
      .join(''),
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The problem+json body (and headers) an exception is answered with. */
export function toProblem(exception: unknown): {
  problem: ProblemDetails;
  headers?: Record<string, string>;
} {
  if (isTelephonyDomainError(exception)) {
    const mapped = domainErrorResponse(exception);
    return {
      problem: {
        type: problemType(exception.code),
        title: mapped.title,
        status: mapped.status,
        detail: exception.message,
        code: exception.code,
        ...mapped.extensions,
      },
      headers: mapped.headers,
    };
  }
  if (exception instanceof ProblemException) {
    const { problem } = exception;
    return {
      problem: {
        type: problemType(problem.code),
        title: problem.title,
        status: problem.status,
        detail: problem.detail,
        code: problem.code,
        ...problem.extensions,
      },
      headers: problem.headers,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const known = CODES_BY_STATUS[status] ?? { code: `http_${status}`, title: exception.name };
    return {
      problem: {
        type: problemType(known.code),
        title: known.title,
        status,
        detail: httpExceptionDetail(exception),
        code: known.code,
      },
    };
  }
  return {
    problem: {
      type: problemType('internal_error'),
      title: 'Internal server error',
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      detail: 'The request could not be completed because of an unexpected error.',
      code: 'internal_error',
    },
  };
}
