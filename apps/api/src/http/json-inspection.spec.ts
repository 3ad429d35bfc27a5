import { inspectJson, isStorableText, JSON_MAX_DEPTH, printable } from './json-inspection';

const nest = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

describe('isStorableText', () => {
  it.each([['plain'], [''], ['é'], ['\u{1F600}'], ['\u0001\u007f'], ['\ufffd']])(
    'keeps %j',
    (text) => {
      expect(isStorableText(text)).toBe(true);
    },
  );

  it.each([['\u0000'], ['a\u0000b'], ['\ud800'], ['\udc00'], ['x\ud83d'], ['\ude00\ud83d']])(
    'refuses %j',
    (text) => {
      expect(isStorableText(text)).toBe(false);
    },
  );
});

describe('inspectJson', () => {
  it(`takes ${JSON_MAX_DEPTH} levels and refuses one more`, () => {
    expect(inspectJson(nest(JSON_MAX_DEPTH))).toEqual([]);
    expect(inspectJson(nest(JSON_MAX_DEPTH + 1))).toBe('too_deep');
  });

  it('walks 100,000 levels without overflowing its own stack', () => {
    expect(inspectJson(nest(100_000))).toBe('too_deep');
  });

  it('names prototype keys and unstorable text by path, keys included', () => {
    const value = JSON.parse(
      '{"a":[{"__proto__":1}],"b\\u0000":"x","c":{"constructor":{"prototype":"\\ud800"}}}',
    );

    expect(inspectJson(value)).toEqual([
      { field: 'a.0.__proto__', message: 'property a.0.__proto__ should not exist' },
      { field: 'b\\u0000', message: 'b\\u0000 must not contain U+0000 or an unpaired surrogate' },
      { field: 'c.constructor', message: 'property c.constructor should not exist' },
      {
        field: 'c.constructor.prototype',
        message: 'property c.constructor.prototype should not exist',
      },
      {
        field: 'c.constructor.prototype',
        message: 'c.constructor.prototype must not contain U+0000 or an unpaired surrogate',
      },
    ]);
  });

  it('names at most 20 fields', () => {
    const value = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, '\u0000']));

    expect(inspectJson(value)).toHaveLength(20);
  });
});

describe('printable', () => {
  it('spells NUL and lone surrogates as escapes, and keeps pairs', () => {
    expect(printable('a\u0000b\ud800c\u{1F600}')).toBe('a\\u0000b\\ud800c\u{1F600}');
  });
});
