/**
 * `serverless package` (offline, dummy credentials, nothing deployed) of each deployment configuration, once
 * per test run however many test files ask: the first to ask packages into the run's folder
 * (PACKAGED_RUN_DIR, made by packaged-global-setup.ts) under a lock, the others wait for it and read the
 * same template. Outside a vitest run (no PACKAGED_RUN_DIR) each process packages into its own folder.
 *
 * @example
 * const { template, folder } = await packaged("full");
 * template.Resources.GetSecretValueRole?.Properties.Policies
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO, SERVERLESS_CLI } from "./paths";

const run = promisify(execFile);
export const RUN_DIR_ENV = "PACKAGED_RUN_DIR";

export interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
}

export interface Template {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown }>;
  Parameters?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
}

/** A deployment configuration: settings given as environment variables and as `--param`. */
export interface Configuration {
  env: Record<string, string>;
  params: Record<string, string>;
}

/** The account and region the tests read ARNs in (the template says `${AWS::AccountId}`). */
export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";

export const SECRETS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1111aaaa-1111-4111-8111-111111111111`;
export const MASTERS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/2222bbbb-2222-4222-8222-222222222222`;
export const SUBNETS = ["subnet-0aaa1111bbbb2222c", "subnet-0ccc3333dddd4444e"];
export const SECURITY_GROUPS = ["sg-0eee5555ffff6666a"];

/**
 * `default`: nothing set. `full`: every optional setting, half through the environment, half through
 * `--param` (both must work), and another prefix and namespace, so nothing is written for the defaults only.
 */
export const CONFIGURATIONS = {
  default: { env: {}, params: {} },
  full: {
    env: {
      SECRETS_PREFIX: "team-a/",
      ROTATION_SUBNET_IDS: SUBNETS.join(","),
      ROTATION_SECURITY_GROUP_IDS: SECURITY_GROUPS.join(","),
      TRACING: "true",
      CONSOLE_ORIGINS: "https://console.example.com,http://localhost:5173",
      LOG_RETENTION_DAYS: "90",
    },
    params: {
      SECRETS_KMS_KEY_ARNS: SECRETS_KEY,
      ROTATION_MASTER_KMS_KEY_ARNS: MASTERS_KEY,
      ALARM_EMAIL: "secrets-oncall@example.com",
      ALARM_TOPIC_ARN: `arn:aws:sns:${REGION}:${ACCOUNT}:pager`,
      API_THROTTLE_RATE_LIMIT: "20",
      API_THROTTLE_BURST_LIMIT: "40",
      METRICS_NAMESPACE: "TeamA/Secrets",
    },
  },
} satisfies Record<string, Configuration>;

export type ConfigurationName = keyof typeof CONFIGURATIONS;

/** Every setting a configuration changes, with its value (the env and params together). */
export function settingsOf(name: ConfigurationName): Record<string, string> {
  const { env, params } = CONFIGURATIONS[name] as Configuration;
  return { ...env, ...params };
}

/** Every deployment setting, cleared, so a developer's shell cannot change what the tests package. */
const SETTING_NAMES = [
  ...new Set(
    [...readFileSync(join(REPO, "serverless.yml"), "utf8").matchAll(/\$\{param:(\w+), env:\1,/g)].map(
      (match) => match[1] ?? "",
    ),
  ),
];

function runDir(): string {
  const dir = process.env[RUN_DIR_ENV] ?? mkdtempSync(join(tmpdir(), "packaged-"));
  process.env[RUN_DIR_ENV] = dir;
  return dir;
}

async function packageInto(name: ConfigurationName, folder: string): Promise<number> {
  const { env, params } = CONFIGURATIONS[name] as Configuration;
  const cleared = Object.fromEntries(SETTING_NAMES.map((setting) => [setting, undefined]));
  const workFolder = `.esbuild/package-${name}-${process.pid}`;
  const started = performance.now();
  try {
    await run(
      process.execPath,
      [
        SERVERLESS_CLI,
        "package",
        "--package",
        folder,
        "--region",
        REGION,
        ...Object.entries(params).map(([key, value]) => `--param=${key}=${value}`),
      ],
      {
        cwd: REPO,
        env: {
          ...process.env,
          ...cleared,
          ...env,
          AWS_ACCESS_KEY_ID: "dummy",
          AWS_SECRET_ACCESS_KEY: "dummy",
          SLS_TELEMETRY_DISABLED: "1",
          ESBUILD_WORK_FOLDER: workFolder,
        },
        timeout: 150_000,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
  } finally {
    // The zips are in `folder`; esbuild's work folder is of no further use.
    rmSync(join(REPO, workFolder), { recursive: true, force: true });
  }
  return performance.now() - started;
}

async function waitFor(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${file}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface Packaged {
  template: Template;
  /** The folder `serverless package --package` wrote (zips, templates). */
  folder: string;
  /** How long packaging took, in the process that did it. */
  packageMs: number;
}

const inProcess = new Map<ConfigurationName, Promise<Packaged>>();

/** The template and folder of configuration `name`, packaged once per run. */
export function packaged(name: ConfigurationName): Promise<Packaged> {
  let pending = inProcess.get(name);
  if (!pending) {
    pending = packageOnce(name);
    inProcess.set(name, pending);
  }
  return pending;
}

async function packageOnce(name: ConfigurationName): Promise<Packaged> {
  const dir = runDir();
  const folder = join(dir, name);
  const done = join(dir, `${name}.done.json`);
  let owner = false;
  try {
    mkdirSync(join(dir, `${name}.lock`));
    owner = true;
  } catch {
    // Another test file is packaging it.
  }
  if (owner) {
    try {
      const packageMs = await packageInto(name, folder);
      writeFileSync(done, JSON.stringify({ packageMs }));
    } catch (error) {
      const message = error instanceof Error ? `${error.message}` : String(error);
      writeFileSync(done, JSON.stringify({ error: message.slice(-8_000) }));
    }
  } else {
    await waitFor(done, 170_000);
  }
  const outcome = JSON.parse(readFileSync(done, "utf8")) as { packageMs?: number; error?: string };
  if (outcome.error) throw new Error(`serverless package (${name}) failed:\n${outcome.error}`);
  const template = JSON.parse(
    readFileSync(join(folder, "cloudformation-template-update-stack.json"), "utf8"),
  ) as Template;
  return { template, folder, packageMs: outcome.packageMs ?? 0 };
}
