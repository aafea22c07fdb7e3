import { createServer } from 'node:net';

/**
 * Asks the operating system for a TCP port that is free right now.
 *
 * The port is found by listening on port 0 on every interface and closing again, so another
 * process may still take it before the caller binds it: callers that start a server on the
 * returned port should be ready to retry with a new one when the bind fails.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the port the operating system assigned'));
        return;
      }
      const { port } = address;
      server.close((error) => (error ? reject(error) : resolve(port)));
    });
  });
}
