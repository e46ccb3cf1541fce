/**
 * `npm run console:build`: a static folder whose page carries the Content-Security-Policy naming the API's
 * origin, with no inline script, no source maps, and JavaScript that never logs, stores or reads cookies.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildConsole, type ConsoleBuild } from "../../../console/build";
import { consoleJsGzipBytes } from "../../support/console-measure";
import { REPO } from "../../support/paths";

let build: ConsoleBuild;
let outDir: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), "console-build-test-"));
  build = await buildConsole({
    apiUrl: "https://abc.execute-api.eu-west-1.amazonaws.com/prod",
    outDir,
    rotationFunctionArns: ["arn:aws:lambda:eu-west-1:123456789012:function:svc-prod-rotationGeneric"],
    quiet: true,
  });
}, 60_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)).map((file) => `${entry.name}/${file}`) : [entry.name],
  );

describe("the console build", () => {
  it("writes index.html with the policy first in <head>, naming only the API's origin", () => {
    const html = readFileSync(join(outDir, "index.html"), "utf8");
    const head = /<head>\s*(<meta[^>]*>)/.exec(html)?.[1] ?? "";
    expect(head).toContain('http-equiv="Content-Security-Policy"');
    expect(head).toContain("connect-src https://abc.execute-api.eu-west-1.amazonaws.com;");
    expect(build.policy.apiOrigin).toBe("https://abc.execute-api.eu-west-1.amazonaws.com");
    // Every script is a file of the build; nothing inline, no style attribute, relative URLs only.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBe(1);
    expect(
      scripts.every(([, attributes, body]) => /src="\.\/assets\//.test(attributes ?? "") && body === ""),
    ).toBe(true);
    expect(html).not.toMatch(/\sstyle=|\son\w+=/);
  });

  it("ships files only (no source maps), and JavaScript of at most 60 KiB gzipped", () => {
    const shipped = files(outDir);
    expect(shipped.filter((file) => file.endsWith(".map"))).toEqual([]);
    expect(shipped).toContain("index.html");
    const { bytes } = consoleJsGzipBytes(outDir);
    expect(bytes).toBeLessThanOrEqual(60 * 1024);
  });

  it("builds in the API URL and the rotation functions, and JavaScript that never logs, stores or reads cookies", () => {
    const js = files(outDir)
      .filter((file) => file.endsWith(".js"))
      .map((file) => readFileSync(join(outDir, file), "utf8"))
      .join("\n");
    expect(js).toContain("https://abc.execute-api.eu-west-1.amazonaws.com/prod");
    expect(js).toContain("svc-prod-rotationGeneric");
    expect(js).not.toMatch(/\bconsole\.(log|info|warn|error|debug)\b/);
    expect(js).not.toMatch(/localStorage|sessionStorage|document\.cookie|indexedDB/);
    // The production JSX: no element carries its source file (this machine's folders) or line.
    expect(js).not.toContain(REPO);
    expect(js).not.toMatch(/fileName|lineNumber|jsxDEV/);
  });

  it("refuses a missing or unusable API URL, or an unknown flag, with exit code 2", () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", join(REPO, "console", "build.ts"), ...args], {
        cwd: REPO,
        env: { ...process.env, CONSOLE_API_URL: "" },
        encoding: "utf8",
      });
    const missing = run();
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("--api-url");
    const scheme = run("--api-url", "javascript:alert(1)", "--out", join(outDir, "never"));
    expect(scheme.status).toBe(2);
    expect(scheme.stderr).toContain("http: or https:");
    expect(run("--api", "http://x").status).toBe(2);
  });
});
