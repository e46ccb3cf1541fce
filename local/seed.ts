/**
 * `npm run seed -- --count N [--endpoint URL] [--prefix app/] [--age-days 100] [--lambda-arn ARN]`
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
import { parseArgs } from "node:util";
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { runInOrder } from "../shared/audit/pool";

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
}

export interface SeedSummary {
  created: number;
  byKind: Record<SeedKind, string[]>;
  durationMs: number;
}

const DEFAULT_LAMBDA =
  "arn:aws:lambda:us-east-1:000000000000:function:secrets-manager-lambdas-dev-rotationGeneric";
/**
 * The overdue secrets' function: one that exists (Secrets Manager refuses a RotationLambdaARN naming no
 * function) and fails on the seed's values, which name no database.
 */
const FAILING_LAMBDA =
  "arn:aws:lambda:us-east-1:000000000000:function:secrets-manager-lambdas-dev-rotationPostgresSingleUser";

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
      // An overdue secret's function does not exist: its test run fails, the schedule is set all the same.
      await (kind === "overdue" ? scheduled.catch(expectFailedTestRun) : scheduled);
    }
  };
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

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      count: { type: "string", default: "100" },
      endpoint: {
        type: "string",
        default: process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? "http://127.0.0.1:4566",
      },
      prefix: { type: "string", default: process.env.SECRETS_PREFIX ?? "app/" },
      "age-days": { type: "string", default: "100" },
      "lambda-arn": { type: "string" },
    },
    strict: true,
  });
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1) throw new Error("--count must be a positive integer");
  const endpoint = values.endpoint.replace(/\/+$/, "");
  const client = new SecretsManagerClient({
    endpoint,
    region: process.env.AWS_REGION ?? "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const summary = await seedSecrets({
    client,
    count,
    prefix: values.prefix,
    ageDays: Number(values["age-days"]),
    rotationLambdaArn: values["lambda-arn"],
    advanceClock: async (seconds) => {
      const response = await fetch(`${endpoint}/_local/clock`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ advanceSeconds: seconds }),
      });
      if (!response.ok)
        throw new Error(`${endpoint} is not the local endpoint (/_local/clock answered ${response.status})`);
    },
  });
  client.destroy();
  const counts = Object.fromEntries(SEED_KINDS.map((kind) => [kind, summary.byKind[kind].length]));
  process.stdout.write(
    `${JSON.stringify({ seeded: summary.created, endpoint, counts, durationMs: summary.durationMs })}\n`,
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
