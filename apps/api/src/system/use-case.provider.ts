import type { Provider } from '@nestjs/common';

/** A class, or an abstract one (a port), standing for the instance Nest injects. */
type Token<T> = abstract new (...args: never[]) => T;

/**
 * The provider of a use case: a plain class built from its ports, each named once, in the order
 * of its constructor. The compiler checks that each token gives what that parameter takes.
 */
export function useCase<Args extends unknown[], T>(
  UseCase: new (...args: Args) => T,
  ...ports: { [K in keyof Args]: Token<Args[K]> }
): Provider<T> {
  return {
    provide: UseCase,
    useFactory: (...args: unknown[]) => new UseCase(...(args as Args)),
    inject: ports,
  };
}
