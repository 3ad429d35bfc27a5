import { Injectable, NestMiddleware } from '@nestjs/common';
import express, { NextFunction, Request, Response } from 'express';
import { ProblemException } from '../http/problem.exception';

/** Twilio posts its webhooks form-encoded; the signature covers these very parameters. */
@Injectable()
export class FormBodyMiddleware implements NestMiddleware {
  private readonly parse = express.urlencoded({ extended: false, limit: '100kb' });

  async use(request: Request, response: Response, next: NextFunction): Promise<void> {
    try {
      await new Promise<void>((resolve, reject) =>
        this.parse(request, response, (error?: unknown) => (error ? reject(error) : resolve())),
      );
    } catch {
      throw new ProblemException({
        status: 400,
        code: 'bad_request',
        title: 'Bad request',
        detail: 'Unreadable form body',
      });
    }
    next();
  }
}
