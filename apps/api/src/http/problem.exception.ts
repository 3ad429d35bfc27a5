import { HttpException } from '@nestjs/common';

export interface ProblemInit {
  status: number;
  code: string;
  title: string;
  detail: string;
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** An HTTP error that already knows its problem+json body: thrown by guards, pipes, middleware. */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemInit) {
    super(problem.detail, problem.status);
  }
}

export class RequestValidationFailed extends ProblemException {
  constructor(readonly fieldErrors: { field: string; message: string }[]) {
    super({
      status: 400,
      code: 'validation_failed',
      title: 'The request is not valid',
      detail: fieldErrors.map((e) => e.message).join('; '),
      extensions: { errors: fieldErrors },
    });
  }
}
