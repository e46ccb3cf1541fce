/**
 * A TCP proxy in front of a database, so a test can take "the database" down for one step and bring it
 * back without disturbing other tests that share the server.
 */
import { connect, createServer, type Server, type Socket } from "node:net";

export interface TcpProxy {
  port: number;
  /** Closes open connections; new ones are refused (reset) until `up()`. */
  down(): void;
  up(): void;
  close(): Promise<void>;
}

/**
 * `listenHost` is where the proxy listens: loopback, or another address of the machine so that a test
 * can reach a loopback-only database through a host that is not loopback.
 *
 * @example
 * const proxy = await startTcpProxy(5432); proxy.down(); ...; proxy.up();
 */
export async function startTcpProxy(
  targetPort: number,
  targetHost = "127.0.0.1",
  listenHost = "127.0.0.1",
): Promise<TcpProxy> {
  let isUp = true;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (!isUp) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, listenHost, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    down() {
      isUp = false;
      for (const socket of sockets) socket.destroy();
    },
    up() {
      isUp = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
