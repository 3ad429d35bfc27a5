import { Socket } from 'node:net';

/**
 * Redis is optional for the product (REDIS_URL), and a fresh machine has none: its tests run
 * against the Redis at REDIS_URL, or on 127.0.0.1:6379, when one answers PING. CI must have one
 * (.ci/run starts it), so there a missing Redis fails the run instead of skipping the cases.
 */
export async function findTestRedis(): Promise<string | null> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await answersPing(url)) return url;
  if (process.env.CI) {
    throw new Error(`CI runs the Redis tests, but no Redis answers at ${url} (see .ci/run)`);
  }
  console.warn(
    `\nNo Redis answers at ${url}: the Redis cases of the rate limit tests are skipped ` +
      '(start one, or set REDIS_URL, to run them)',
  );
  return null;
}

function answersPing(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(/^[+-]/.test(data.toString())));
    socket.connect(Number(port || 6379), hostname.replace(/^\[|\]$/g, ''), () =>
      socket.write('PING\r\n'),
    );
  });
}

/** The Redis the suites use, as found by the global setup; null when there is none to use. */
export function testRedisUrl(): string | null {
  return process.env.LOQUENT_TEST_REDIS_URL || null;
}
