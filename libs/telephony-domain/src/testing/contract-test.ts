// The test functions a contract suite runs on, handed in by the caller: Jest's globals, or
// node:test's describe/it/hooks with the `expect` library. The suites declare no runner's types,
// so the package compiles without any.

type Callback = () => void | Promise<void>;

/** The matchers the contract suites may use; Jest's `expect` has them all. */
export interface ContractMatchers<R> {
  toBe(expected: unknown): R;
  toEqual(expected: unknown): R;
  toStrictEqual(expected: unknown): R;
  toMatchObject(expected: object): R;
  toBeNull(): R;
  toBeDefined(): R;
  toBeUndefined(): R;
  toBeInstanceOf(expected: unknown): R;
  toHaveLength(expected: number): R;
  toContain(expected: unknown): R;
  toBeGreaterThan(expected: number): R;
  toBeLessThanOrEqual(expected: number): R;
  toThrow(expected?: unknown): R;
}

export interface ContractExpectation extends ContractMatchers<void> {
  not: ContractMatchers<void>;
  resolves: ContractMatchers<Promise<void>> & { not: ContractMatchers<Promise<void>> };
  rejects: ContractMatchers<Promise<void>> & { not: ContractMatchers<Promise<void>> };
}

export interface ContractExpect {
  (actual: unknown): ContractExpectation;
  any(type: unknown): unknown;
  objectContaining(sample: object): unknown;
  arrayContaining(sample: readonly unknown[]): unknown;
  stringMatching(pattern: string | RegExp): unknown;
}

/** Pass `{ describe, it, beforeEach, afterEach, expect }` of your test runner. */
export interface ContractTestFunctions {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void>): unknown;
  beforeEach(body: Callback): unknown;
  afterEach(body: Callback): unknown;
  expect: ContractExpect;
}
