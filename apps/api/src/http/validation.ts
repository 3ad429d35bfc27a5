import { ValidationError, ValidationPipe } from '@nestjs/common';
import { RequestValidationFailed } from './problem.exception';

/**
 * DTO validation for every route: unknown fields are refused rather than dropped, and types are
 * never coerced (`{"area_code": 415}` is a number, not an area code).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // Off, or a DTO with no fields (the `{}` of get-unsynced-numbers) would refuse every body;
    // unknown fields are still refused by forbidNonWhitelisted.
    forbidUnknownValues: false,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new RequestValidationFailed(flatten(errors)),
  });
}

function flatten(errors: ValidationError[], parent = ''): { field: string; message: string }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
