/**
 * Issue item 1, bundles and cold start: each function's zip size from `serverless package` (each function
 * its own zip), with the AWS SDK bundled and minified and with `@aws-sdk/*` left to the Lambda runtime;
 * and each HTTP function's cold start (a fresh node process loading the packaged handler and answering one
 * invocation against the local endpoint) beside a baseline handler that only makes the same one SDK call,
 * bundled the same way. Target: every HTTP function at most 1.25 times its baseline. The external variant
 * resolves `@aws-sdk/*` from the repository's node_modules (NODE_PATH), standing in for the runtime's SDK.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CreateSecretCommand } from "@aws-sdk/client-secrets-manager";
import { parse } from "yaml";
import { startLambdaServer } from "../../local/lambda-invoke-server";
import { functionFromArn } from "../../local/rotation/lambda";
import { startEndpoint } from "../../local/server";
import { localClient } from "../../tests/support/client";
import { REPO } from "../../tests/support/paths";
import { type Figure, failedFigure, figure, pairFigure, type Target } from "../lib/figure";
import { EXTRA_TIME, measurePair, TimeBudget } from "../lib/measure";
import { median } from "../lib/stats";
import { bundleBaseline } from "./baseline";
import {
  COLD_CASES,
  COLD_SECRET,
  DELETE_SECRET,
  RESTORE_SECRET,
  ROTATION_LAMBDA_ARN,
  TOKEN_SECRET,
} from "./cases";
import { packageVariant, type SdkVariant } from "./service-copy";
import { coldStart } from "./spawn-cold";

const VARIANTS: SdkVariant[] = ["bundled", "external"];
const COLD_TARGET: Target = { of: "ratio", op: "<=", limit: 1.25 };
/** Time per figure for pairs beyond the first five while its spread straddles the target. */
const EXTRA_PAIRS_MS = 4_000;
/** Time for such pairs over all the cold-start figures (their share of the bench's EXTRA_TIME). */
const EXTRA_POOL_MS = 30_000;
const TOKEN = "bench-cold-token-0123456789abcdef";

function handlerFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const family of ["http", "rotation", "scheduled"]) {
    const text = readFileSync(join(REPO, "serverless", `${family}-functions.yml`), "utf8");
    for (const [fn, spec] of Object.entries(parse(text) as Record<string, { handler: string }>)) {
      files[fn] = `${spec.handler.replace(/\.[^.]+$/, "")}.js`;
    }
  }
  return files;
}

export async function coldStartFigures(workDir: string): Promise<Figure[]> {
  // The two packagings are independent: side by side they take the time of one on two cores.
  const [bundled, external] = await Promise.all([
    packageVariant(workDir, "bundled"),
    packageVariant(workDir, "external"),
  ]);
  const packaged = { bundled, external };
  const figures: Figure[] = Object.keys(packaged.bundled.zipBytes)
    .sort()
    .map((fn) =>
      figure({
        name: `zip ${fn} (SDK bundled)`,
        value: (packaged.bundled.zipBytes[fn] ?? Number.NaN) / 1024,
        unit: "KiB",
        baseline: (packaged.external.zipBytes[fn] ?? Number.NaN) / 1024,
        baselineName: "SDK external",
      }),
    );

  // RotateSecret with RotateImmediately=false answers after its test run: a function that passes it.
  const lambdas = await startLambdaServer({ [functionFromArn(ROTATION_LAMBDA_ARN).name]: async () => null });
  const endpoint = await startEndpoint({
    port: 0,
    inMemory: true,
    schedulerIntervalMs: 0,
    lambdaEndpoint: lambdas.url,
  });
  const client = localClient(endpoint.url);
  try {
    for (const name of [COLD_SECRET, DELETE_SECRET, RESTORE_SECRET])
      await client.send(new CreateSecretCommand({ Name: name, SecretString: '{"k":"v"}' }));
    await client.send(
      new CreateSecretCommand({ Name: TOKEN_SECRET, SecretString: JSON.stringify({ token: TOKEN }) }),
    );
    const files = handlerFiles();
    const medians: Record<SdkVariant, number[]> = { bundled: [], external: [] };
    const coldPool = new TimeBudget(EXTRA_POOL_MS, EXTRA_TIME);
    for (const variant of VARIANTS) {
      const unzipped = join(workDir, `unzipped-${variant}`);
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? "",
        AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint.url,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "local",
        AWS_SECRET_ACCESS_KEY: "local",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        SECRETS_PREFIX: "app/",
        API_TOKEN_SECRET_ID: TOKEN_SECRET,
        ROTATION_FUNCTION_ARNS: ROTATION_LAMBDA_ARN,
        ...(variant === "external" ? { NODE_PATH: join(REPO, "node_modules") } : {}),
      };
      for (const coldCase of COLD_CASES) {
        const dir = join(unzipped, coldCase.fn);
        mkdirSync(dir, { recursive: true });
        execFileSync("unzip", ["-q", "-o", join(packaged[variant].outDir, `${coldCase.fn}.zip`), "-d", dir]);
        const modulePath = join(dir, files[coldCase.fn] ?? "missing.js");
        const commands = coldCase.calls.map((call) => call.command);
        const baselinePath = await bundleBaseline(unzipped, commands, variant);
        let run = 0;
        const prepare = async () => {
          run += 1;
          await endpoint.rotation.idle();
          await coldCase.prepare?.(client);
        };
        let measured: Awaited<ReturnType<typeof measurePair>>;
        try {
          measured = await measurePair(
            async () => {
              await prepare();
              return coldStart(modulePath, coldCase.event(run, TOKEN), env);
            },
            async () => {
              await prepare();
              return coldStart(
                baselinePath,
                coldCase.calls.map((call) => call.input(run)),
                env,
              );
            },
            { target: COLD_TARGET, maxRuns: 15, extraMs: EXTRA_PAIRS_MS, pool: coldPool },
          );
        } catch (error) {
          const name = `cold ${coldCase.fn} (SDK ${variant})`;
          figures.push(failedFigure(name, "ms", error, COLD_TARGET));
          continue;
        }
        medians[variant].push(measured.subject.median);
        figures.push(
          pairFigure({
            name: `cold ${coldCase.fn} (SDK ${variant})`,
            unit: "ms",
            measured,
            baselineName:
              commands.length === 1 ? `bare ${commands[0]}` : `bare, the function's ${commands.length} calls`,
            target: COLD_TARGET,
          }),
        );
      }
    }
    figures.push(
      figure({
        name: "cold start, median of HTTP functions: SDK bundled",
        value: median(medians.bundled),
        unit: "ms",
        baseline: median(medians.external),
        baselineName: "SDK external",
        detail: {
          fasterVariant: median(medians.bundled) <= median(medians.external) ? "bundled" : "external",
        },
      }),
    );
  } finally {
    client.destroy();
    await endpoint.close();
    await lambdas.close();
  }
  return figures;
}
