/**
 * `npm run console:build`: builds the console (a static single-page app: Vite, Preact, the typed client)
 * into a folder any static host can serve. The API's URL is fixed at build time: the page calls only it,
 * and its Content-Security-Policy (`console/policy.ts`, in a meta element) names only its origin.
 *
 *   npm run console:build -- --api-url URL [--out DIR] [--rotation-function ARN ...]
 *
 * `--api-url` (or `CONSOLE_API_URL`): the HTTP API's base URL. `--out`: the folder (default
 * `console/dist`, emptied first). `--rotation-function`: an ARN the rotation form offers (repeatable; the
 * API still decides which it allows). `--help` prints every flag; exit code 2 on a bad or missing option,
 * 1 when the build fails.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { build, type Plugin } from "vite";
import { parseCommandLine, runCommand, UsageError } from "../local/command-line";
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

const USAGE = `usage: npm run console:build -- --api-url URL [--out DIR] [--rotation-function ARN ...]

Builds the web console, a static folder any static host can serve, for the HTTP API at URL
(docs/console.md). The page calls only that API, and its Content-Security-Policy names only its origin.

  --api-url URL             the HTTP API's base URL (or env CONSOLE_API_URL): http: or https:, no user,
                            password, query or fragment
  --out DIR                 the folder to write, emptied first (default console/dist)
  --rotation-function ARN   a rotation function the rotation form offers (repeatable; the API decides
                            which it allows)
  -h, --help                this text

Exit codes: 0 built, 1 the build failed, 2 a bad command line.`;

const OPTIONS = {
  "api-url": { type: "string" },
  out: { type: "string" },
  "rotation-function": { type: "string", multiple: true, default: [] as string[] },
} as const;

async function main(argv: string[]): Promise<void> {
  const { values } = parseCommandLine(argv, OPTIONS);
  const apiUrl = values["api-url"] || process.env.CONSOLE_API_URL;
  if (!apiUrl) throw new UsageError("give the API's URL: --api-url https://... (or CONSOLE_API_URL)");
  try {
    consolePolicy(apiUrl);
  } catch (error) {
    throw new UsageError(`--api-url: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (values.out?.trim() === "") throw new UsageError("--out needs a folder");
  if (values["rotation-function"].some((arn) => !arn.startsWith("arn:")))
    throw new UsageError("--rotation-function takes a function's ARN (arn:aws:lambda:...)");
  const built = await buildConsole({
    apiUrl,
    outDir: values.out,
    rotationFunctionArns: values["rotation-function"],
  });
  console.log(`console built in ${built.outDir} for the API at ${built.policy.apiOrigin}`);
}

if (require.main === module) runCommand("console:build", USAGE, main);
