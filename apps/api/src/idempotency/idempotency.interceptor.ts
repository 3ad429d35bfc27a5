import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { ApiHeaderOptions } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { from, mergeMap, Observable, of, catchError } from 'rxjs';
import type { Principal } from '../auth/principal';
import { IDEMPOTENCY_KEY } from '../http/api-formats';
import { PROBLEM_CONTENT_TYPE } from '../http/problem-details';
import { toProblem } from '../http/problem-details.filter';
import { ProblemException } from '../http/problem.exception';
import { IdempotencyStore, StoredResponse } from './idempotency.store';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

export const IDEMPOTENCY_KEY_HEADER_DOC: ApiHeaderOptions = {
  name: IDEMPOTENCY_KEY_HEADER,
  required: false,
  description:
    'Makes a retry safe for 24 hours: the same key with the same body returns the first final response (a success, ' +
    'or a client error no retry changes) with its Location, Link and Retry-After headers and ' +
    '`Idempotent-Replayed: true`, and does the work once; the same key with another body is a 422; while the first ' +
    'request with the key is in flight, a 409. A transient answer (a 5xx, a 429, a 409 purchase_in_progress) is not ' +
    'kept: the retry runs again. Up to 255 visible ASCII characters, per organization.',
  schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source, minLength: 1, maxLength: 255 },
};

/** The response headers a replay carries, besides its status, Content-Type and body. */
const REPLAYED_HEADERS = ['Location', 'Link', 'Retry-After'];

/**
 * 4xx answers about a moment rather than the request: a retry (often asked for with
 * Retry-After) can succeed. The purchase or key in flight, a concurrent write, a rate limit.
 */
const TRANSIENT_STATUSES = new Set([408, 425, 429]);
const TRANSIENT_CODES = new Set([
  'purchase_in_progress',
  'idempotency_key_in_flight',
  'concurrent_update',
]);

/**
 * Whether an answer is final, so that a retry with the key must get it again: a success, or a
 * client error no retry can change. Anything else gives the key back.
 */
export function isFinalOutcome(status: number, code?: string, headers: object = {}): boolean {
  if (status < 400) return true;
  if (status >= 500 || TRANSIENT_STATUSES.has(status)) return false;
  if (code !== undefined && TRANSIENT_CODES.has(code)) return false;
  return !Object.keys(headers).some((name) => name.toLowerCase() === 'retry-after');
}

/**
 * The Idempotency-Key header on the routes that spend money or create data. Only final outcomes
 * are stored and replayed (status, body and the headers that matter): a success, or a client
 * error no retry can change. A 5xx, a 429 or a 409 that says to come back later gives the key
 * back, so the retry it asked for runs the request again, which is safe because the use case
 * itself never buys twice.
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
    if (!IDEMPOTENCY_KEY.test(key)) {
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
        response.status(claim.status).type(claim.contentType);
        for (const [name, value] of Object.entries(claim.headers)) response.setHeader(name, value);
        response.setHeader('Idempotent-Replayed', 'true');
        return of(claim.body);
      case 'claimed':
        return next.handle().pipe(
          mergeMap(async (body: unknown) => {
            await this.remember(organizationId, key, {
              status: response.statusCode,
              contentType: 'application/json',
              headers: replayedHeaders(response),
              body,
            });
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
    const { problem, headers = {} } = toProblem(error);
    if (!isFinalOutcome(problem.status, problem.code, headers)) {
      await this.store
        .release(organizationId, key)
        .catch((e: unknown) => this.logger.warn(`Could not release key: ${e}`));
      return;
    }
    await this.remember(organizationId, key, {
      status: problem.status,
      contentType: PROBLEM_CONTENT_TYPE,
      headers: pick(headers),
      body: { ...problem, instance: undefined },
    });
  }

  private async remember(organizationId: string, key: string, response: StoredResponse) {
    try {
      await this.store.complete(organizationId, key, response);
    } catch (error) {
      // The work is done; a retry will find the key in flight until its lease lapses, then redo
      // the request, which the use cases make safe.
      this.logger.error(`Could not store the response for an Idempotency-Key: ${String(error)}`);
    }
  }
}

function replayedHeaders(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = response.getHeader(name);
    if (value !== undefined)
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

function pick(headers: Record<string, string>): Record<string, string> {
  const wanted = new Map(REPLAYED_HEADERS.map((name) => [name.toLowerCase(), name]));
  const picked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const canonical = wanted.get(name.toLowerCase());
    if (canonical) picked[canonical] = value;
  }
  return picked;
}

/**
 * What makes two requests "the same": method, route and body, whatever the key order. The body
 * nests JSON_MAX_DEPTH levels at most (the JSON reader refused deeper), so recursion is safe.
 */
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
