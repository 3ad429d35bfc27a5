import { createServer } from 'node:net';

/**
 * A TCP port nothing listens on right now, on `host`. Another process may take it before the
 * caller binds it, so a caller that cannot bind port 0 itself retries on "address in use".
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error(`no free port on ${host}`)),
      );
    });
  });
}
