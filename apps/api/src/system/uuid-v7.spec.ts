import { isUUID } from 'class-validator';
import { uuidV7, UuidV7Source } from './uuid-v7';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** The Unix time in milliseconds an id carries. */
const timeOf = (id: string) => parseInt(id.slice(0, 8) + id.slice(9, 13), 16);

describe('uuidV7', () => {
  it('is a version 7 UUID, of the variant of RFC 9562, that the API takes as a UUID', () => {
    const id = uuidV7();

    expect(id).toMatch(V7);
    expect(isUUID(id, 'all')).toBe(true);
  });

  it('carries the time it was made', () => {
    const before = Date.now();
    const id = uuidV7();
    const after = Date.now();

    expect(timeOf(id)).toBeGreaterThanOrEqual(before);
    expect(timeOf(id)).toBeLessThanOrEqual(after + 1);
    const at = Date.UTC(2031, 0, 1);
    expect(timeOf(new UuidV7Source(() => at).next())).toBe(at);
  });

  it('only ever increases in one process, a thousand ids a millisecond included, and never repeats', () => {
    const ids = Array.from({ length: 20_000 }, () => uuidV7());

    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
  });

  it('keeps increasing past 4,096 ids in one millisecond and when the clock goes back', () => {
    const at = Date.UTC(2032, 5, 1);
    let now = at;
    const source = new UuidV7Source(() => now);
    const ids = Array.from({ length: 5_000 }, () => source.next());
    now = at - 60_000;
    ids.push(...Array.from({ length: 10 }, () => source.next()));

    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(ids.every((id) => V7.test(id))).toBe(true);
    expect(timeOf(ids.at(-1)!)).toBeGreaterThan(at);
  });
});
