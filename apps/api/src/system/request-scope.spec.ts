import { RequestScope } from './request-scope';

describe('RequestScope', () => {
  it('reads once per request, afresh in the next request, and every time outside one', async () => {
    let reads = 0;
    const read = () => RequestScope.memo('account', async () => ++reads);

    const first = await RequestScope.run(async () => [await read(), await read()]);
    const second = await RequestScope.run(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return [await read(), await read()];
    });
    const outside = [await read(), await read()];

    expect(first).toEqual([1, 1]);
    expect(second).toEqual([2, 2]);
    expect(outside).toEqual([3, 4]);
  });

  it('keeps concurrent requests apart', async () => {
    let reads = 0;
    const read = () => RequestScope.memo('account', async () => ++reads);
    const [a, b] = await Promise.all([
      RequestScope.run(async () => [await read(), await read()]),
      RequestScope.run(async () => [await read(), await read()]),
    ]);
    expect(new Set([...a!, ...b!]).size).toBe(2);
    expect(a![0]).toBe(a![1]);
  });
});
