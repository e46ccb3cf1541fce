/**
 * `npm run seed -- --count N [--data DIR [--replace] | --endpoint URL [--shared]] [--prefix app/]
 *   [--age-days 100] [--lambda-arn ARN]`
 *
 * By default it seeds a store of its own (`--data`, default `.local/seed`): an endpoint it starts itself,
 * whose clock begins `--age-days` in the past and ends at the real time, so the dates it stores stay true
 * when `npm start -- --data .local/seed` serves the store later; the rotation test runs are served by the
 * real rotation handlers, in process. Seeding another endpoint (`--endpoint`) that already holds secrets
 * moves that endpoint's clock, which starts every rotation due meanwhile (the API token's included): it
 * needs `--shared`, and says so.
 *
 * Fills the local endpoint with N managed secrets in a realistic mix, so the audit has something to find
 * and can be measured at 10,000. Time is the one thing the API cannot fake, so it seeds in two phases: the
 * "old" secrets first, then the endpoint's clock moves `--age-days` ahead (`POST /_local/clock`), then the
 * "fresh" ones. Values are random and never printed.
 *
 * The mix, by index modulo 20 (so any N has the same shares):
 * - 0-7   healthy: fresh, tagged `rotation:required=true`, rotating every 30 days with `--lambda-arn`;
 * - 8-9   overdue: old, tagged, rotation on with a function that fails every time, so it never rotated;
 *         read lately;
 * - 10-11 rotation-disabled: fresh, tagged, rotation never turned on;
 * - 12    deleted: DeleteSecret (7-day window) right after the clock moved;
 * - 13-14 unused: old, untagged, never read;
 * - 15-19 plain: fresh, untagged, no rotation.
 * Fresh secrets are younger than any "unused" threshold, so only the old ones that must not look unused
 * are read (each read is a request, and the seed should be quick at 10,000).
 */
import { randomBytes } from "node:crypto";
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { runInOrder } from "../shared/audit/pool";
import { createProgress, integerOption, parseCommandLine, runCommand, UsageError } from "./command-line";
import { createClock } from "./core/clock";
import { startLambdaServer } from "./lambda-invoke-server";
import { localFunctionArn, localFunctionName } from "./local-functions";
import { startEndpoint } from "./server";

export const SEED_KINDS = ["healthy", "overdue", "rotation-disabled", "deleted", "unused", "plain"] as const;
export type SeedKind = (typeof SEED_KINDS)[number];

/** The kind of secret number `index`. */
export function seedKindOf(index: number): SeedKind {
  const slot = index % 20;
  if (slot < 8) return "healthy";
  if (slot < 10) return "overdue";
  if (slot < 12) return "rotation-disabled";
  if (slot < 13) return "deleted";
  if (slot < 15) return "unused";
  return "plain";
}

const OLD_KINDS: ReadonlySet<SeedKind> = new Set(["overdue", "unused"]);
const TAGGED_KINDS: ReadonlySet<SeedKind> = new Set(["healthy", "overdue", "rotation-disabled"]);

export interface SeedOptions {
  client: SecretsManagerClient;
  count: number;
  /** Moves the endpoint's clock forward (`POST /_local/clock`). */
  advanceClock: (seconds: number) => Promise<void>;
  prefix?: string;
  ageDays?: number;
  /** The rotation function healthy secrets use. */
  rotationLambdaArn?: string;
  /** The rotation function overdue secrets use: it must exist and fail (default: FAILING_LAMBDA). */
  failingRotationLambdaArn?: string;
  concurrency?: number;
  /** Called as secrets are made (for progress on a terminal). */
  onProgress?: (done: number, total: number) => void;
}

export interface SeedSummary {
  created: number;
  byKind: Record<SeedKind, string[]>;
  durationMs: number;
}

const DEFAULT_LAMBDA = localFunctionArn("rotationGeneric");
/**
 * The overdue secrets' function: one that exists (Secrets Manager refuses a RotationLambdaARN naming no
 * function) and fails on the seed's values, which name no database.
 */
const FAILING_LAMBDA = localFunctionArn("rotationPostgresSingleUser");

export function seedName(prefix: string, index: number): string {
  return `${prefix}seed/${String(index).padStart(5, "0")}-${seedKindOf(index)}`;
}

/**
 * @example
 * const summary = await seedSecrets({ client, count: 1_000, advanceClock: (s) => control("clock", { advanceSeconds: s }) });
 * summary.byKind.overdue.length // 100
 */
export async function seedSecrets(options: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const { client } = options;
  const prefix = options.prefix ?? "app/";
  const concurrency = options.concurrency ?? 16;
  const indexes = Array.from({ length: options.count }, (_, index) => index);
  const byKind = Object.fromEntries(SEED_KINDS.map((kind) => [kind, [] as string[]])) as Record<
    SeedKind,
    string[]
  >;
  for (const index of indexes) byKind[seedKindOf(index)].push(seedName(prefix, index));

  const expectFailedTestRun = (error: unknown) => {
    if ((error as { name?: string }).name !== "InvalidRequestException") throw error;
  };
  const create = async (index: number): Promise<void> => {
    const kind = seedKindOf(index);
    const name = seedName(prefix, index);
    await client.send(
      new CreateSecretCommand({
        Name: name,
        SecretString: JSON.stringify({ username: `user${index}`, password: randomBytes(12).toString("hex") }),
        Tags: TAGGED_KINDS.has(kind)
          ? [{ Key: "rotation:required", Value: "true" }]
          : [{ Key: "seed", Value: kind }],
      }),
    );
    if (kind === "healthy" || kind === "overdue") {
      const scheduled = client.send(
        new RotateSecretCommand({
          SecretId: name,
          RotationLambdaARN:
            kind === "healthy"
              ? (options.rotationLambdaArn ?? DEFAULT_LAMBDA)
              : (options.failingRotationLambdaArn ?? FAILING_LAMBDA),
          RotationRules: { AutomaticallyAfterDays: 30 },
          RotateImmediately: false,
        }),
      );
      // An overdue secret's function fails: its test run fails, the schedule is set all the same.
      await (kind === "overdue" ? scheduled.catch(expectFailedTestRun) : scheduled);
    }
    made += 1;
    options.onProgress?.(made, options.count);
  };
  let made = 0;
  const old = indexes.filter((index) => OLD_KINDS.has(seedKindOf(index)));
  const fresh = indexes.filter((index) => !OLD_KINDS.has(seedKindOf(index)));
  await runInOrder(old, concurrency, create);
  await options.advanceClock((options.ageDays ?? 100) * 86_400);
  await runInOrder(fresh, concurrency, create);
  const deleted = byKind.deleted;
  const readLately = byKind.overdue;
  await runInOrder(deleted, concurrency, async (name) => {
    await client.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
  });
  await runInOrder(readLately, concurrency, async (name) => {
    await client.send(new GetSecretValueCommand({ SecretId: name }));
  });
  return { created: options.count, byKind, durationMs: Math.round(performance.now() - started) };
}

const USAGE = `usage: npm run seed -- [--count 100] [--data DIR [--replace] | --endpoint URL [--shared]]
                      [--prefix app/] [--age-days 100] [--lambda-arn ARN]

Fills a local Secrets Manager store with --count managed secrets in a realistic mix (docs/audit.md).

  --data DIR     the store of its own to seed (default .local/seed); serve it afterwards with
                 npm start -- --data DIR, or npm run local:secrets -- --data DIR
  --replace      wipe that store first when it already holds secrets (refused otherwise)
  --endpoint URL seed a running local endpoint instead (for example npm start's, http://127.0.0.1:4566)
  --shared       needed when that endpoint already holds secrets: the seed moves its clock --age-days ahead,
                 which starts every rotation due meanwhile, the API token's included (its token changes)
  --prefix P     the names' prefix (default SECRETS_PREFIX or app/); secrets go under P + "seed/"
  --age-days N   how old the old secrets are (default 100)
  --lambda-arn A the rotation function of the healthy secrets (default the local rotationGeneric)
  -h, --help     this text

Exit codes: 0 seeded, 1 failed, 2 a bad command line or a store the seed will not touch without a flag.`;

const OPTIONS = {
  count: { type: "string", default: "100" },
  data: { type: "string" },
  replace: { type: "boolean", default: false },
  endpoint: { type: "string" },
  shared: { type: "boolean", default: false },
  prefix: { type: "string", default: process.env.SECRETS_PREFIX ?? "app/" },
  "age-days": { type: "string", default: "100" },
  "lambda-arn": { type: "string" },
} as const;

interface Target {
  client: SecretsManagerClient;
  /** Writes the summary line on stdout. */
  print(line: string): void;
  /** Where the secrets went, as the summary line names it. */
  where: string;
  advanceClock(seconds: number): Promise<void>;
  close(): Promise<void>;
}

const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };
const clientFor = (endpoint: string) =>
  new SecretsManagerClient({
    endpoint,
    region: process.env.AWS_REGION ?? "us-east-1",
    credentials: LOCAL_CREDENTIALS,
  });

/**
 * A store of the seed's own: an endpoint over `dataDir` whose clock starts `ageSeconds` ago, so that once
 * the seed has moved it ahead it is the real time again. Its rotation test runs go to the real rotation
 * handlers, run in this process against this endpoint (no serverless offline needed).
 */
async function ownStore(dataDir: string, replace: boolean, ageSeconds: number): Promise<Target> {
  const lambdas = await startLambdaServer({});
  const endpoint = await startEndpoint({
    port: 0,
    dataDir,
    lambdaEndpoint: lambdas.url,
    schedulerIntervalMs: 0,
    clock: createClock(Date.now() / 1000 - ageSeconds),
  });
  const closeAll = async () => {
    await endpoint.close();
    await lambdas.close();
  };
  const held = endpoint.core.secretCount();
  if (held > 0 && !replace) {
    await closeAll();
    throw new UsageError(
      `${dataDir} already holds ${held} secrets: pass --replace to wipe it first, or --data DIR for another folder`,
    );
  }
  if (held > 0) endpoint.core.reset();
  // The handlers make their Secrets Manager client from the standard variables on first use.
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = endpoint.url;
  process.env.AWS_ACCESS_KEY_ID ??= LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY ??= LOCAL_CREDENTIALS.secretAccessKey;
  process.env.AWS_REGION ??= "us-east-1";
  process.env.LOG_LEVEL ??= "error";
  const { handler: generic } = await import("../functions/rotation/generic.js");
  const { handler: postgres } = await import("../functions/rotation/postgres-single-user.js");
  lambdas.host(localFunctionName("rotationGeneric"), generic);
  lambdas.host(localFunctionName("rotationPostgresSingleUser"), postgres);
  // The handlers log their steps and metrics on stdout, as in Lambda; here stdout is the summary's alone.
  const stdoutWrite = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  const client = clientFor(endpoint.url);
  return {
    client,
    print: (line) => stdoutWrite.call(process.stdout, line),
    where: dataDir,
    advanceClock: async (seconds) => endpoint.clock.advance(seconds),
    close: async () => {
      process.stdout.write = stdoutWrite;
      client.destroy();
      await closeAll();
    },
  };
}

/** A running endpoint, seeded only if it is empty or `--shared` says the seed may move its clock. */
async function runningEndpoint(url: string, shared: boolean, ageDays: number): Promise<Target> {
  const endpoint = url.replace(/\/+$/, "");
  const health = await fetch(`${endpoint}/_local/health`).catch(() => undefined);
  if (!health?.ok) throw new Error(`${endpoint} is not a running local endpoint (GET /_local/health failed)`);
  const { secrets } = (await health.json()) as { secrets: number };
  const effect =
    `moves its clock ${ageDays} days ahead, which starts every rotation due in that time ` +
    "(the API token's too, so the token npm start printed changes)";
  if (secrets > 0 && !shared) {
    throw new UsageError(
      `${endpoint} already holds ${secrets} secrets and seeding it ${effect}: pass --shared to do it anyway, ` +
        "or seed a store of its own (--data DIR, the default)",
    );
  }
  if (secrets > 0) process.stderr.write(`seed: ${endpoint} holds ${secrets} secrets; the seed ${effect}\n`);
  const client = clientFor(endpoint);
  return {
    client,
    print: (line) => process.stdout.write(line),
    where: endpoint,
    advanceClock: async (seconds) => {
      const response = await fetch(`${endpoint}/_local/clock`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ advanceSeconds: seconds }),
      });
      if (!response.ok) throw new Error(`${endpoint}/_local/clock answered ${response.status}`);
    },
    close: async () => client.destroy(),
  };
}

async function main(argv: string[]): Promise<void> {
  // This process runs on Node 20 in development; the SDK's upgrade notice is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const { values } = parseCommandLine(argv, OPTIONS);
  const count = integerOption("count", values.count, { min: 1, max: 100_000 });
  const ageDays = integerOption("age-days", values["age-days"], { min: 1, max: 3_650 });
  if (values.endpoint !== undefined && (values.data !== undefined || values.replace))
    throw new UsageError("--endpoint seeds a running endpoint: it takes neither --data nor --replace");
  if (values.endpoint === undefined && values.shared)
    throw new UsageError("--shared is for --endpoint (a store of its own is never shared)");
  const target =
    values.endpoint !== undefined
      ? await runningEndpoint(values.endpoint, values.shared, ageDays)
      : await ownStore(values.data ?? ".local/seed", values.replace, ageDays * 86_400);
  const progress = createProgress("seed");
  try {
    const summary = await seedSecrets({
      client: target.client,
      count,
      prefix: values.prefix,
      ageDays,
      rotationLambdaArn: values["lambda-arn"],
      advanceClock: target.advanceClock,
      onProgress: (done, total) => progress.update(done, total, "secrets"),
    });
    progress.done();
    const counts = Object.fromEntries(SEED_KINDS.map((kind) => [kind, summary.byKind[kind].length]));
    target.print(
      `${JSON.stringify({ seeded: summary.created, into: target.where, counts, durationMs: summary.durationMs })}\n`,
    );
    if (values.endpoint === undefined)
      process.stderr.write(`seed: serve it with  npm start -- --data ${target.where}\n`);
  } finally {
    progress.done();
    await target.close();
  }
}

if (require.main === module) runCommand("seed", USAGE, main);
