/** How deep a request body may nest; every DTO of the API needs 3 levels at most. */
export const JSON_MAX_DEPTH = 32;

/**
 * Keys no DTO can declare; class-transformer drops the first two without a word, so they are
 * refused here, at any depth, like any other unknown field.
 */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

// Without the u flag a regular expression sees UTF-16 code units, so it can find half a pair.
const UNSTORABLE =
  '\\u0000|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const UNSTORABLE_UNIT = new RegExp(UNSTORABLE);
const UNSTORABLE_UNITS = new RegExp(UNSTORABLE, 'g');

/**
 * What PostgreSQL cannot keep in a text column: U+0000 (refused outright) and a UTF-16 surrogate
 * that is not half of a pair (stored as U+FFFD, so what is read back differs from what was sent).
 */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE_UNIT.test(text);
}

/** Enough to fix a request; a body of 100 kB could otherwise name thousands of fields. */
const MAX_PROBLEMS = 20;

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Every reason to refuse parsed JSON (or a parsed query) before anything reads it: 'too_deep'
 * past JSON_MAX_DEPTH, else each prototype key and each text PostgreSQL cannot store, in keys
 * and values alike. The walk stops at JSON_MAX_DEPTH, so its own recursion is bounded too.
 */
export function inspectJson(value: unknown): 'too_deep' | FieldProblem[] {
  const problems: FieldProblem[] = [];
  const report = (problem: FieldProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  const walk = (node: unknown, path: string, depth: number): boolean => {
    if (typeof node === 'string') {
      if (!isStorableText(node)) report(unstorable(path || 'body'));
      return true;
    }
    if (node === null || typeof node !== 'object') return true;
    if (depth >= JSON_MAX_DEPTH) return false;
    if (Array.isArray(node)) {
      return node.every((item, index) => walk(item, join(path, String(index)), depth + 1));
    }
    for (const key of Object.keys(node)) {
      const field = join(path, printable(key));
      if (PROTOTYPE_KEYS.has(key)) {
        report({ field, message: `property ${field} should not exist` });
      } else if (!isStorableText(key)) {
        report(unstorable(field));
      }
      if (!walk((node as Record<string, unknown>)[key], field, depth + 1)) return false;
    }
    return true;
  };
  return walk(value, '', 0) ? problems : 'too_deep';
}

function unstorable(field: string): FieldProblem {
  return { field, message: `${field} must not contain U+0000 or an unpaired surrogate` };
}

function join(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

/** A field name as it can be shown: NUL and lone surrogates spelled as \uXXXX escapes. */
export function printable(text: string): string {
  return text.replace(
    UNSTORABLE_UNITS,
    (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
