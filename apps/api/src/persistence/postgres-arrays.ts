/** What no element of an unquoted array literal may hold (commas, the separator, are counted). */
const NEEDS_QUOTES = /[\s"\\{}]/;

/**
 * A text[] or uuid[] parameter: a page's thousand ids, sids or E.164 numbers as one PostgreSQL
 * array literal, `{a,b,c}`, joined natively, instead of the array node-postgres would serialize by
 * quoting and escaping each element in JavaScript (a millisecond a page of 1,000 on the import's
 * path). Values that an unquoted literal could not carry as they are (empty, NULL, holding a
 * comma, a quote, a backslash, a brace or white space) leave the array to node-postgres, so what
 * PostgreSQL receives is always the given array.
 */
export function arrayParameter(values: readonly string[]): string | readonly string[] {
  const joined = values.join(',');
  if (NEEDS_QUOTES.test(joined)) return values;
  let commas = 0;
  for (let at = joined.indexOf(','); at !== -1; at = joined.indexOf(',', at + 1)) commas++;
  if (values.length > 0 && commas !== values.length - 1) return values;
  for (const value of values) {
    if (typeof value !== 'string' || value === '' || (value.length === 4 && /^null$/i.test(value)))
      return values;
  }
  return `{${joined}}`;
}

/** An array parameter cast to `type`[]: text and uuid arrays as arrayParameter makes them. */
export function typedArrayParameter(type: string, values: readonly unknown[]): unknown {
  return type === 'uuid' || type === 'text' ? arrayParameter(values as string[]) : values;
}
