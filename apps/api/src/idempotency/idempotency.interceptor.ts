import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { ApiHeaderOptions } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { from, mergeMap, Observable, of, catchError } from 'rxjs';
import type { Principal } from '../auth/principal';
import { PROBLEM_CONTENT_TYPE } from '../http/problem-details';
import { toProblem } from '../http/problem-details.filter';
import { ProblemException } from '../http/problem.exception';
import { IdempotencyStore } from './idempotency.store';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
const KEY = /^[\x21-\x7e]{1,255}$/;

export const IDEMPOTENCY_KEY_HEADER_DOC: ApiHeaderOptions = {
  name: IDEMPOTENCY_KEY_HEADER,
  required: false,
  description:
    'Makes a retry safe for 24 hours: the same key with the same body returns the first response (with ' +
    '`Idempotent-Replayed: true`) and does the work once; the same key with another body is a 422; while ' +
    'the first request with the key is in flight, a 409. Up to 255 visible ASCII characters, per organization.',
};

/**
 * The Idempotency-Key header on the routes that spend money or create data. The response stored
 * is the one the client got: successes and client errors are replayed; after a server-side
 * failure (5xx) the key is given back, so a retry runs the request again, which is safe because
 * the use case itself never buys twice.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(private readonly store: IdempotencyStore) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { principal?: Principal }>();
    const response = http.getResponse<Response>();
    const header = request.header(IDEMPOTENCY_KEY_HEADER);
    if (header === undefined) return next.handle();

    // Both Idempotency-Key: abc and the structured-field form Idempotency-Key: "abc".
    const key = header.trim().replace(/^"(.*)"$/, '$1');
    if (!KEY.test(key)) {
      throw new ProblemException({
        status: 400,
        code: 'invalid_idempotency_key',
        title: 'Invalid Idempotency-Key',
        detail: 'Idempotency-Key must be 1 to 255 visible ASCII characters',
      });
    }
    const organizationId = request.principal!.organizationId;
    const claim = await this.store.claim(organizationId, key, fingerprint(request));

    switch (claim.kind) {
      case 'mismatch':
        throw new ProblemException({
          status: 422,
          code: 'idempotency_key_reused',
          title: 'Idempotency-Key reused with another request',
          detail:
            'This Idempotency-Key was first used with a different request; use a new key for a new request',
        });
      case 'in_flight':
        throw new ProblemException({
          status: 409,
          code: 'idempotency_key_in_flight',
          title: 'Request with this Idempotency-Key in progress',
          detail: 'The first request with this Idempotency-Key has not finished; retry shortly',
          headers: { 'Retry-After': '1' },
        });
      case 'replay':
        response
          .status(claim.status)
          .type(claim.contentType)
          .setHeader('Idempotent-Replayed', 'true');
        return of(claim.body);
      case 'claimed':
        return next.handle().pipe(
          mergeMap(async (body: unknown) => {
            await this.remember(organizationId, key, response.statusCode, 'application/json', body);
            return body;
          }),
          catchError((error: unknown) =>
            from(this.rememberFailure(organizationId, key, error)).pipe(
              mergeMap(() => {
                throw error;
              }),
            ),
          ),
        );
    }
  }

  private async rememberFailure(
    organizationId: string,
    key: string,
    error: unknown,
  ): Promise<void> {
    const { problem } = toProblem(error);
    if (problem.status >= 500) {
      await this.store
        .release(organizationId, key)
        .catch((e: unknown) => this.logger.warn(`Could not release key: ${e}`));
      return;
    }
    await this.remember(organizationId, key, problem.status, PROBLEM_CONTENT_TYPE, {
      ...problem,
      instance: undefined,
    });
  }

  private async remember(
    organizationId: string,
    key: string,
    status: number,
    contentType: string,
    body: unknown,
  ) {
    try {
      await this.store.complete(organizationId, key, status, contentType, body);
    } catch (error) {
      // The work is done; a retry will find the key in flight until its lease lapses, then redo
      // the request, which the use cases make safe.
      this.logger.error(`Could not store the response for an Idempotency-Key: ${String(error)}`);
    }
  }
}

/** What makes two requests "the same": method, route and body, whatever the key order. */
function fingerprint(request: Request): string {
  return createHash('sha256')
    .update(
      `${request.method} ${request.baseUrl}${request.path}\n${canonicalJson(request.body ?? null)}`,
    )
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
