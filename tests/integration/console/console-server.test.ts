/**
 * local/console-server.ts: serves a built folder's files with the build's Content-Security-Policy (plus
 * frame-ancestors) and the security headers on every answer; nothing outside the folder, GET and HEAD only.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { type IncomingHttpHeaders, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consolePolicy } from "../../../console/policy";
import { type ConsoleServer, startConsoleServer } from "../../../local/console-server";

const policy = consolePolicy("http://127.0.0.1:3000");
let root: string;
let server: ConsoleServer;

beforeAll(async () => {
  const parent = mkdtempSync(join(tmpdir(), "console-server-"));
  root = join(parent, "site");
  mkdirSync(join(root, "assets"), { recursive: true });
  // As Vite writes it: the policy's quotes as &#39;.
  const meta = policy.meta.replace(/'/g, "&#39;");
  writeFileSync(
    join(root, "index.html"),
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${meta}"></head><body></body></html>`,
  );
  writeFileSync(join(root, "assets", "index-abc.js"), "export {};\n");
  writeFileSync(join(root, "favicon.svg"), "<svg/>");
  writeFileSync(join(parent, "outside.txt"), "not served");
  server = await startConsoleServer({ root });
});

afterAll(async () => {
  await server?.close();
  rmSync(join(root, ".."), { recursive: true, force: true });
});

/** One request with the path sent as given (fetch would resolve ".."). */
function get(
  path: string,
  method = "GET",
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: server.port, method, path, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the console's static server", () => {
  it("answers / with index.html, the build's policy plus frame-ancestors, and the security headers", async () => {
    const page = await get("/");
    expect(page.status).toBe(200);
    expect(page.body).toContain("Content-Security-Policy");
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.headers["content-security-policy"]).toBe(policy.header);
    expect(server.policy).toBe(policy.header);
    expect(page.headers).toMatchObject({
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "no-referrer",
      "cross-origin-opener-policy": "same-origin",
      "cache-control": "no-cache",
    });
  });

  it("serves assets with their type, hashed ones as immutable", async () => {
    const script = await get("/assets/index-abc.js");
    expect(script.status).toBe(200);
    expect(script.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(script.headers["cache-control"]).toContain("immutable");
    const icon = await get("/favicon.svg?v=1");
    expect(icon.headers["content-type"]).toBe("image/svg+xml");
    expect(icon.headers["cache-control"]).toBe("no-cache");
  });

  it("serves nothing outside the folder, no folder listing, and no malformed path", async () => {
    for (const path of [
      "/../outside.txt",
      "/%2e%2e/outside.txt",
      "/assets/%2e%2e/%2e%2e/outside.txt",
      "/..%5coutside.txt",
    ]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body).not.toContain("not served");
      expect(answer.headers["content-security-policy"]).toBe(policy.header);
    }
    expect((await get("/assets/")).status).toBe(404);
    expect((await get("/missing.js")).status).toBe(404);
    expect((await get("/%E0%A4%A")).status).toBe(404);
    expect((await get("/index.html%00.js")).status).toBe(404);
  });

  it("answers GET and HEAD only", async () => {
    const post = await get("/", "POST");
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe("GET, HEAD");
    const head = await get("/", "HEAD");
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    expect(head.headers["content-security-policy"]).toBe(policy.header);
  });

  it("refuses to serve a folder whose index.html carries no policy", async () => {
    const bare = mkdtempSync(join(tmpdir(), "console-bare-"));
    writeFileSync(join(bare, "index.html"), "<!doctype html><title>no policy</title>");
    await expect(startConsoleServer({ root: bare })).rejects.toThrow(/no Content-Security-Policy/);
    rmSync(bare, { recursive: true, force: true });
  });
});
