import { Injectable, NestMiddleware } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import type { WebhookParams } from './twilio-signature';

const FORM_PARAMS = Symbol('twilio form params');

/**
 * Twilio posts its webhooks form-encoded; the signature covers these very parameters. A body
 * that is not a readable form is not refused here but left unread: the signature guard then
 * answers it with the same bare 403 as any other request it cannot verify.
 */
@Injectable()
export class FormBodyMiddleware implements NestMiddleware {
  private readonly parse = express.urlencoded({ extended: false, limit: '100kb' });

  async use(request: Request, response: Response, next: NextFunction): Promise<void> {
    const readable = await new Promise<boolean>((resolve) =>
      this.parse(request, response, (error?: unknown) => resolve(!error)),
    );
    if (readable && request.is('application/x-www-form-urlencoded') && isForm(request.body)) {
      (request as Request & { [FORM_PARAMS]?: WebhookParams })[FORM_PARAMS] = request.body;
    }
    next();
  }
}

/** The webhook's form parameters; null when the request carried no readable form. */
export function formParams(request: Request): WebhookParams | null {
  return (request as Request & { [FORM_PARAMS]?: WebhookParams })[FORM_PARAMS] ?? null;
}

function isForm(body: unknown): body is WebhookParams {
  return (
    typeof body === 'object' &&
    body !== null &&
    Object.values(body).every(
      (value) =>
        typeof value === 'string' ||
        (Array.isArray(value) && value.every((item) => typeof item === 'string')),
    )
  );
}
