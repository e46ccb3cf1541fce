/**
 * `npm run console:build`: builds the console (a static single-page app: Vite, Preact, the typed client)
 * into a folder any static host can serve. The API's URL is fixed at build time: the page calls only it,
 * and its Content-Security-Policy (`console/policy.ts`, in a meta element) names only its origin.
 *
 *   npm run console:build -- --api-url URL [--out DIR] [--rotation-function ARN ...]
 *
 * `--api-url` (or `CONSOLE_API_URL`): the HTTP API's base URL. `--out`: the folder (default
 * `console/dist`, emptied first). `--rotation-function`: an ARN the rotation form offers (repeatable; the
 * API still decides which it allows). Exit code 2 on a bad or missing option, 1 when the build fails.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { build, type Plugin } from "vite";
import { type ConsolePolicy, consolePolicy } from "./policy";

/** The console's source folder (index.html, src/, public/). */
export const CONSOLE_DIR = __dirname;

/** Where `npm run console:build` writes when no `--out` is given. */
export const DEFAULT_OUT_DIR = join(CONSOLE_DIR, "dist");

/** What the page is built with; `console/src/config.ts` reads it. */
export interface ConsoleConfig {
  /** The HTTP API's base URL. */
  apiUrl: string;
  /** Rotation function ARNs the rotation form offers to pick from. */
  rotationFunctionArns: string[];
}

export interface ConsoleBuildOptions {
  apiUrl: string;
  /** The output folder, emptied first; `console/dist` when absent. */
  outDir?: string;
  rotationFunctionArns?: string[];
  /** No Vite output on the terminal. */
  quiet?: boolean;
}

export interface ConsoleBuild {
  outDir: string;
  policy: ConsolePolicy;
}

/** Puts the policy first in `<head>`, before any script or style it governs. */
function contentSecurityPolicy(policy: ConsolePolicy): Plugin {
  return {
    name: "console-content-security-policy",
    transformIndexHtml: () => [
      {
        tag: "meta",
        attrs: { "http-equiv": "Content-Security-Policy", content: policy.meta },
        injectTo: "head-prepend",
      },
    ],
  };
}

/**
 * Builds the console for the API at `apiUrl` into `outDir`.
 *
 * @example
 * const { outDir, policy } = await buildConsole({ apiUrl: "http://127.0.0.1:3000", outDir: ".local/console" });
 * const server = await startConsoleServer({ root: outDir, port: 3001 }); // local/console-server.ts
 */
export async function buildConsole(options: ConsoleBuildOptions): Promise<ConsoleBuild> {
  const policy = consolePolicy(options.apiUrl);
  const outDir = resolve(options.outDir ?? DEFAULT_OUT_DIR);
  mkdirSync(outDir, { recursive: true });
  const config: ConsoleConfig = {
    // As the URL parser wrote it (validated by consolePolicy): no quote or space can reach the bundle.
    apiUrl: new URL(options.apiUrl).href.replace(/\/+$/, ""),
    rotationFunctionArns: options.rotationFunctionArns ?? [],
  };
  await build({
    configFile: false,
    root: CONSOLE_DIR,
    // Always the production build, whatever NODE_ENV says (vitest sets "test", which keeps libraries'
    // development code: bigger, and chattier).
    mode: "production",
    // Relative asset URLs: the folder works under any path of any static host.
    base: "./",
    logLevel: options.quiet ? "silent" : "info",
    plugins: [contentSecurityPolicy(policy)],
    define: {
      __CONSOLE_CONFIG__: JSON.stringify(config),
      "process.env.NODE_ENV": JSON.stringify("production"),
    },
    // `development: false` always: otherwise (under vitest, for one) the JSX carries each element's source
    // file path and line, the machine's folders included.
    oxc: { jsx: { runtime: "automatic", importSource: "preact", development: false } },
    build: {
      outDir,
      emptyOutDir: true,
      target: "es2022",
      sourcemap: false,
      // Every asset a file of its own: the policy allows no `data:` URL.
      assetsInlineLimit: 0,
      // One entry chunk and no dynamic import: no preload helper to inject.
      modulePreload: { polyfill: false },
      reportCompressedSize: false,
    },
  });
  return { outDir, policy };
}

/** Exits with code 2 and the reason: a usage error. */
function usage(why: string): never {
  console.error(
    `${why}\nusage: npm run console:build -- --api-url URL [--out DIR] [--rotation-function ARN ...]`,
  );
  process.exit(2);
}

async function main(): Promise<void> {
  let values: { "api-url"?: string; out?: string; "rotation-function"?: string[] };
  try {
    ({ values } = parseArgs({
      options: {
        "api-url": { type: "string" },
        out: { type: "string" },
        "rotation-function": { type: "string", multiple: true },
      },
    }));
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  const apiUrl = values["api-url"] || process.env.CONSOLE_API_URL;
  if (!apiUrl) usage("give the API's URL: --api-url https://... (or CONSOLE_API_URL)");
  try {
    consolePolicy(apiUrl);
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  const built = await buildConsole({
    apiUrl,
    outDir: values.out,
    rotationFunctionArns: values["rotation-function"],
  });
  console.log(`console built in ${built.outDir} for the API at ${built.policy.apiOrigin}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
