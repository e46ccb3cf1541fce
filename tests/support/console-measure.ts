/**
 * The console's two figures, for `npm run bench` (and checked by tests/e2e/console/measure.test.ts):
 *
 * - `consoleJsGzipBytes(outDir)`: the gzipped size of every JavaScript file a build ships (target: at
 *   most 60 KiB);
 * - `measureConsoleRender()`: the time from navigation to a rendered list of 100 secrets, against the
 *   same for an empty list, in one run (target ratio: at most 3). The API's answers are fixed (the
 *   browser's requests to the API are answered by Playwright's router), so only the console is measured:
 *   navigation, the sign-in (the same in both), `GET /me`, `GET /secrets`, the render.
 *
 * @example
 * const build = await buildConsole({ apiUrl: "http://127.0.0.1:3000", outDir });
 * console.log(consoleJsGzipBytes(build.outDir).bytes);
 * const figures = await measureConsoleRender({ runs: 5 }); // or startRenderSession() for one render at a time
 * console.log(figures.medianFullMs, figures.medianEmptyMs, figures.ratio);
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { buildConsole } from "../../console/build";
import { startConsoleServer } from "../../local/console-server";
import { type BrowserGlobals, launchChromium } from "./browser";

/** The API the measuring build names; never reached, every request to it is answered by the router. */
const FIXED_API = "http://127.0.0.1:9";

/** JavaScript files under `outDir` and their gzipped sizes (gzip level 9, as a static host would serve). */
export function consoleJsGzipBytes(outDir: string): { bytes: number; files: Record<string, number> } {
  const files: Record<string, number> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.m?js$/.test(entry.name))
        files[path.slice(outDir.length + 1)] = gzipSync(readFileSync(path), { level: 9 }).length;
    }
  };
  walk(outDir);
  return { bytes: Object.values(files).reduce((sum, size) => sum + size, 0), files };
}

/** A list answer of `count` secrets, every kind of badge among them. */
export function fixedListAnswer(count: number): { secrets: Record<string, unknown>[] } {
  const states = ["ok", "rotating", "overdue", "stuck", "never rotated"];
  return {
    secrets: Array.from({ length: count }, (_, index) => ({
      arn: `arn:aws:secretsmanager:us-east-1:000000000000:secret:app/bench/secret-${index}-AbCdEf`,
      name: `app/bench/secret-${String(index).padStart(3, "0")}`,
      description: `Secret number ${index} of the fixed answer`,
      rotationEnabled: index % 2 === 0,
      lastChangedDate: "2026-05-01T10:00:00.000Z",
      createdDate: "2026-04-01T10:00:00.000Z",
      tags: { team: `team-${index % 7}`, env: "bench" },
      rotationState:
        index % 6 === 5
          ? { state: "deleting", deletedDate: "2026-05-01T10:00:00.000Z" }
          : { state: states[index % states.length] },
    })),
  };
}

/** Answers every request to the fixed API: `/me` (an admin), `/secrets` (the list given), CORS included. */
async function answerApi(page: Page, origin: string, list: { secrets: unknown[] }): Promise<void> {
  const cors = {
    "access-control-allow-origin": origin,
    "access-control-allow-headers": "authorization, content-type, if-match",
    "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE",
  };
  await page.route(`${FIXED_API}/**`, (route) => {
    const request = route.request();
    if (request.method() === "OPTIONS") return route.fulfill({ status: 204, headers: cors });
    const path = new URL(request.url()).pathname;
    const body =
      path === "/me"
        ? {
            clientId: "bench",
            scopes: ["read", "write", "delete", "rotate"].map((action) => `${action}:app/`),
          }
        : list;
    return route.fulfill({
      status: 200,
      headers: cors,
      contentType: "application/json",
      body: JSON.stringify(body),
    });
  });
}

/** One navigation, sign-in and render of the list answered with `list`, in ms, and the rows it showed. */
async function timeOneRender(
  browser: Browser,
  url: string,
  list: { secrets: unknown[] },
): Promise<{ ms: number; rows: number }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await answerApi(page, new URL(url).origin, list);
  const expected = list.secrets.length;
  const started = performance.now();
  await page.goto(url);
  await page.getByLabel("API token").fill("bench-token");
  await page.keyboard.press("Enter");
  // Checked at every animation frame: done when the rows (or the empty list's sentence) are in the page.
  await page.waitForFunction(
    (count) => {
      const { document } = globalThis as unknown as BrowserGlobals;
      return count === 0
        ? document.documentElement.outerHTML.includes("No secrets match.")
        : document.querySelectorAll("tr[data-secret]").length === count;
    },
    expected,
    { polling: "raf" },
  );
  const ms = performance.now() - started;
  const rows = await page.locator("tr[data-secret]").count();
  await context.close();
  return { ms, rows };
}

export interface ConsoleRenderFigures {
  /** Each run's time for 100 secrets, in ms. */
  fullMs: number[];
  /** Each run's time for the empty list, in ms. */
  emptyMs: number[];
  medianFullMs: number;
  medianEmptyMs: number;
  /** medianFullMs / medianEmptyMs (target: at most 3). */
  ratio: number;
  /** The rows the full and the empty list showed (100 and 0). */
  rows: { full: number; empty: number };
  /** The build's gzipped JavaScript, in bytes. */
  jsGzipBytes: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** A built and served console and a browser, to time renders of the fixed lists one at a time. */
export interface RenderSession {
  /** One navigation, sign-in and render of 100 secrets (`full`) or of none (`empty`), in ms. */
  render(list: "full" | "empty"): Promise<{ ms: number; rows: number }>;
  /** The build's gzipped JavaScript. */
  jsGzipBytes: number;
  close(): Promise<void>;
}

/** Builds the console for the fixed API, serves it and starts Chromium. */
export async function startRenderSession(): Promise<RenderSession> {
  const outDir = mkdtempSync(join(tmpdir(), "console-measure-"));
  const build = await buildConsole({ apiUrl: FIXED_API, outDir, quiet: true });
  const server = await startConsoleServer({ root: build.outDir });
  const browser = await launchChromium();
  const lists = { full: fixedListAnswer(100), empty: fixedListAnswer(0) };
  return {
    render: (list) => timeOneRender(browser, server.url, lists[list]),
    jsGzipBytes: consoleJsGzipBytes(build.outDir).bytes,
    close: async () => {
      await browser.close();
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/**
 * Times `runs` renders of each list (alternating, after one warm-up of each), each in a fresh browser
 * context.
 */
export async function measureConsoleRender(options: { runs?: number } = {}): Promise<ConsoleRenderFigures> {
  const runs = options.runs ?? 5;
  const session = await startRenderSession();
  try {
    await session.render("full");
    await session.render("empty");
    const fullRuns: { ms: number; rows: number }[] = [];
    const emptyRuns: { ms: number; rows: number }[] = [];
    for (let run = 0; run < runs; run += 1) {
      fullRuns.push(await session.render("full"));
      emptyRuns.push(await session.render("empty"));
    }
    const fullMs = fullRuns.map((run) => run.ms);
    const emptyMs = emptyRuns.map((run) => run.ms);
    return {
      fullMs,
      emptyMs,
      medianFullMs: median(fullMs),
      medianEmptyMs: median(emptyMs),
      ratio: median(fullMs) / median(emptyMs),
      rows: {
        full: Math.min(...fullRuns.map((r) => r.rows)),
        empty: Math.max(...emptyRuns.map((r) => r.rows)),
      },
      jsGzipBytes: session.jsGzipBytes,
    };
  } finally {
    await session.close();
  }
}
