import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { FieldProblem, inspectJson, JSON_MAX_DEPTH } from './json-inspection';
import { ProblemException, RequestValidationFailed } from './problem.exception';
import { RouteTable } from './routes';

const JSON_BODY_LIMIT = '100kb';
const LIMIT_BYTES = 100 * 1024;

// A Map, not an object literal: `Content-Encoding: constructor` must not find Object's.
const DECOMPRESSORS = new Map<string, () => Transform>([
  ['gzip', createGunzip],
  ['x-gzip', createGunzip],
  ['deflate', createInflate],
  ['br', createBrotliDecompress],
]);
const SUPPORTED_ENCODINGS = 'gzip, deflate, br';
const PARSED = Symbol('json body parsed');

/**
 * The one reader of JSON request bodies (every /api route). Whatever it cannot read is answered
 * here, as problem+json, before guards, idempotency fingerprints, validation, Twilio or the
 * database see anything: 415 for a body that is not UTF-8 JSON or an encoding it does not know,
 * 413 past 100 kB (compressed or not), 400 `malformed_body` for bytes that do not decode or parse,
 * 400 `body_too_deep` past JSON_MAX_DEPTH, and 400 `validation_failed` for prototype keys and
 * text PostgreSQL cannot store, naming each field.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  constructor(private readonly routes: RouteTable) {}

  async use(request: Request, _response: Response, next: NextFunction): Promise<void> {
    // Most requests (GETs) carry no body: nothing to wait for.
    if (!hasBody(request) || !this.routes.takes(request)) {
      next();
      return;
    }
    if (!isUtf8Json(request.headers['content-type'])) {
      throw unsupported('The request body must be JSON: Content-Type: application/json (UTF-8)');
    }
    const encoding = contentEncoding(request.headers['content-encoding']);
    if (encoding === null) {
      throw unsupported(
        `Content-Encoding ${String(request.headers['content-encoding'])} is not supported; use ${SUPPORTED_ENCODINGS} or none`,
        { 'Accept-Encoding': SUPPORTED_ENCODINGS },
      );
    }
    const bytes = await readBody(request, encoding === 'identity' ? null : encoding());
    if (bytes.length > 0) request.body = parse(bytes);
    (request as Request & { [PARSED]?: true })[PARSED] = true;
    next();
  }
}

/** Whether the JSON reader read this request's body (so `request.body` is the client's JSON). */
export function hasJsonBody(request: Request): boolean {
  return (request as Request & { [PARSED]?: true })[PARSED] === true && request.body !== undefined;
}

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return (
    request.headers['transfer-encoding'] !== undefined ||
    (length !== undefined && Number(length) !== 0)
  );
}

function isUtf8Json(header: string | undefined): boolean {
  const [type = '', ...parameters] = (header ?? '').split(';');
  if (type.trim().toLowerCase() !== 'application/json') return false;
  return parameters.every((parameter) => {
    const [name = '', value = ''] = parameter.split('=', 2);
    if (name.trim().toLowerCase() !== 'charset') return true;
    return ['utf-8', 'utf8'].includes(
      value
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase(),
    );
  });
}

/** The body's one encoding: 'identity' for none, its decompressor, or null for one not read. */
function contentEncoding(header: string | undefined): 'identity' | (() => Transform) | null {
  const encoding = (header ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return 'identity';
  return DECOMPRESSORS.get(encoding) ?? null;
}

/**
 * The body's bytes, decompressed, at most LIMIT_BYTES before and after. A body that breaks a rule
 * is still read to its end (and dropped), so the client, still sending, hears the answer.
 */
function readBody(request: Request, decompressor: Transform | null): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let decoded = 0;
    let ended = false;
    let failure: ProblemException | null = null;
    const settle = () => (failure ? reject(failure) : resolve(Buffer.concat(chunks)));
    const fail = (problem: ProblemException) => {
      if (failure) return;
      failure = problem;
      chunks.length = 0;
      decompressor?.destroy();
      if (ended) settle();
    };
    const keep = (chunk: Buffer) => {
      if (failure) return;
      decoded += chunk.length;
      if (decoded > LIMIT_BYTES) fail(tooLarge());
      else chunks.push(chunk);
    };

    if (Number(request.headers['content-length']) > LIMIT_BYTES) fail(tooLarge());
    decompressor?.on('data', keep);
    decompressor?.on('end', settle);
    decompressor?.on('error', () =>
      fail(malformed('The request body does not decode as its Content-Encoding says')),
    );
    request.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > LIMIT_BYTES) fail(tooLarge());
      if (failure) return;
      if (decompressor) decompressor.write(chunk);
      else keep(chunk);
    });
    request.on('end', () => {
      ended = true;
      if (failure || !decompressor) settle();
      else decompressor.end();
    });
    // The client went away before the end of its body: nobody is left to answer.
    request.on('close', () => {
      if (!ended) reject(malformed('The request body ended before its end'));
    });
    request.on('error', () => undefined);
  });
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function parse(bytes: Buffer): unknown {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw malformed('The request body is not UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw malformed('The request body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw malformed('The request body must be a JSON object');
  }
  const problems = inspectJson(value);
  if (problems === 'too_deep' || problems.length > 0) throw refusal(problems);
  return value;
}

function refusal(problems: 'too_deep' | FieldProblem[]): ProblemException {
  if (problems !== 'too_deep') return new RequestValidationFailed(problems);
  return new ProblemException({
    status: 400,
    code: 'body_too_deep',
    title: 'Request body nested too deeply',
    detail: `Request bodies may nest at most ${JSON_MAX_DEPTH} levels deep`,
    extensions: { max_depth: JSON_MAX_DEPTH },
  });
}

function malformed(detail: string): ProblemException {
  return new ProblemException({
    status: 400,
    code: 'malformed_body',
    title: 'Malformed request body',
    detail,
  });
}

function tooLarge(): ProblemException {
  return new ProblemException({
    status: 413,
    code: 'payload_too_large',
    title: 'Request body too large',
    detail: `Request bodies are limited to ${JSON_BODY_LIMIT}, compressed or not`,
  });
}

function unsupported(detail: string, headers?: Record<string, string>): ProblemException {
  return new ProblemException({
    status: 415,
    code: 'unsupported_media_type',
    title: 'Unsupported media type',
    detail,
    ...(headers ? { headers } : {}),
  });
}
