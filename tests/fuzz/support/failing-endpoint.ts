/** A stand-in Secrets Manager that fails every call with HTTP 500 InternalServiceError (an injected fault). */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export async function startFailingEndpoint(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(500, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify({ __type: "InternalServiceError", message: "injected failure" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
