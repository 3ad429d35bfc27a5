/**
 * Base of every error the domain throws on purpose. `code` is stable and machine-readable (the API
 * turns it into a problem type); `params` carries the offending values so callers never parse
 * `message`.
 */
export abstract class DomainError<
  Code extends string = string,
  Params extends Readonly<Record<string, unknown>> = Readonly<Record<string, unknown>>,
> extends Error {
  abstract readonly code: Code;

  protected constructor(
    message: string,
    readonly params: Params,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
