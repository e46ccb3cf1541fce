/**
 * A throw-away copy of the service for `serverless package`: the repository's sources and node_modules
 * linked, `serverless.yml` rewritten for the variant measured (each function its own zip; the AWS SDK
 * bundled and minified, or `@aws-sdk/*` left out for the Lambda runtime to provide), so the bench never
 * touches the real serverless.yml and never collides with other `serverless` runs.
 */
import { execFile } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse, stringify } from "yaml";
import { REPO, SERVERLESS_CLI } from "../../tests/support/paths";

const run = promisify(execFile);
const LINKED = ["functions", "shared", "node_modules", "tsconfig.json"];
const COPIED_FILES = ["package.json", "package-lock.json", ".npmrc"];

export type SdkVariant = "bundled" | "external";

export interface PackagedService {
  dir: string;
  /** The folder `serverless package --package` wrote. */
  outDir: string;
  /** Zip size in bytes by function name. */
  zipBytes: Record<string, number>;
  packageMs: number;
}

export async function packageVariant(workDir: string, variant: SdkVariant): Promise<PackagedService> {
  const dir = join(workDir, `service-${variant}`);
  mkdirSync(dir, { recursive: true });
  for (const name of LINKED) symlinkSync(join(REPO, name), join(dir, name));
  for (const name of COPIED_FILES) {
    try {
      copyFileSync(join(REPO, name), join(dir, name));
    } catch {
      // optional file
    }
  }
  cpSync(join(REPO, "serverless"), join(dir, "serverless"), { recursive: true });
  const config = parse(readFileSync(join(REPO, "serverless.yml"), "utf8")) as {
    package?: Record<string, unknown>;
    custom: { esbuild: Record<string, unknown> };
  };
  config.package = { ...config.package, individually: true };
  const esbuild = config.custom.esbuild;
  esbuild.keepOutputDirectory = true;
  esbuild.outputWorkFolder = ".esbuild/bench";
  if (variant === "external") esbuild.exclude = ["@aws-sdk/*"];
  else esbuild.exclude = [];
  writeFileSync(join(dir, "serverless.yml"), stringify(config));

  const outDir = join(dir, "out");
  const started = performance.now();
  await run(process.execPath, [SERVERLESS_CLI, "package", "--package", outDir], {
    cwd: dir,
    env: { ...process.env, ESBUILD_WORK_FOLDER: ".esbuild/bench", SLS_TELEMETRY_DISABLED: "1" },
    timeout: 180_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const packageMs = performance.now() - started;
  const zipBytes: Record<string, number> = {};
  for (const file of readdirSync(outDir)) {
    if (file.endsWith(".zip")) zipBytes[file.replace(/\.zip$/, "")] = statSync(join(outDir, file)).size;
  }
  return { dir, outDir, zipBytes, packageMs };
}
