import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../../test/support/postgres/test-database';
import { arrayParameter } from './postgres-arrays';

let dataSource: DataSource;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ dataSource, close } = await openTestDataSource());
});
afterAll(() => close());

/** What PostgreSQL makes of the parameter, cast as the statements cast it. */
async function received(values: readonly string[], type = 'text'): Promise<string[]> {
  const [row] = await dataSource.query(`SELECT $1::${type}[] AS value`, [arrayParameter(values)]);
  return row.value;
}

describe('arrayParameter', () => {
  it('sends ids, sids and E.164 numbers as one literal that PostgreSQL reads back as given', async () => {
    const ids = Array.from({ length: 1000 }, () => randomUUID());
    const sids = ids.map((id) => `PN${id.replaceAll('-', '')}`);
    const numbers = ids.map((_, i) => `+1650555${String(i).padStart(4, '0')}`);

    expect(arrayParameter(sids)).toBe(`{${sids.join(',')}}`);
    await expect(received(sids)).resolves.toEqual(sids);
    await expect(received(numbers)).resolves.toEqual(numbers);
    await expect(received(ids, 'uuid')).resolves.toEqual(ids);
    await expect(received([])).resolves.toEqual([]);
    await expect(received(['Café', 'Zürich', '東京'])).resolves.toEqual(['Café', 'Zürich', '東京']);
  });

  it.each([
    ['an empty string', ['a', '', 'b']],
    ['NULL, any case', ['a', 'NULL', 'null', 'Null']],
    ['a comma', ['a,b', 'c']],
    ['a quote and a backslash', ['say "hi"', 'back\\slash']],
    ['braces', ['{a}', '}']],
    ['white space', [' lead', 'trail ', 'in side', 'tab\there', 'line\nbreak']],
  ])(
    'leaves %s to node-postgres, and PostgreSQL still receives what was given',
    async (_, values) => {
      await expect(received(values)).resolves.toEqual(values);
    },
  );

  it('keeps to node-postgres the arrays a literal cannot carry', () => {
    const values = ['a', ''];
    expect(arrayParameter(values)).toBe(values);
    expect(arrayParameter(['a,b'])).toEqual(['a,b']);
  });
});
