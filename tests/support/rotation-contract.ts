/**
 * The rotation contract every strategy is held to, as one reusable suite: the real local endpoint runs
 * RotateSecret, which invokes the strategy's handler in this process through `rotation-lambda-server`.
 * A subject says how to make a secret for its strategy and how to tell whether credentials log in.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setLogSink } from "../../shared/observability/logger";
import { createMetrics } from "../../shared/observability/metrics";
import { createRotationHandler } from "../../shared/rotation/engine";
import type { RotationStep, RotationStrategy } from "../../shared/rotation/types";
import { createSecret, putSecretValue, rotateSecret } from "../../shared/secrets";
import { TEST_ALLOWED_HOSTS } from "./db-availability";
import { startTcpProxy, type TcpProxy } from "./db-tcp-proxy";
import { startTestEndpoint, type TestEndpoint } from "./endpoint";
import { errorCode, type RotationApi, rotationApi } from "./rotation-api";
import { type RotationLambdaServer, startRotationLambdaServer } from "./rotation-lambda-server";
import { useSuiteEnv } from "./suite-env";

export const STEPS: RotationStep[] = ["createSecret", "setSecret", "testSecret", "finishSecret"];

export interface SubjectContext {
  client: SecretsManagerClient;
  /** Port the secret must name (a proxy in front of the database, for the database-down test). */
  port?: number;
  /** Host the secret must name (another address of the machine, for the TLS policy tests). */
  host?: string;
}

export interface RotationSubject {
  /** The Lambda function name, as in serverless.yml. */
  functionName: string;
  strategy(): RotationStrategy;
  /** A fresh secret value whose credentials log in now (users made on the server). */
  newSecretValue(context: SubjectContext): Promise<string>;
  /** Whether the credentials in `value` log in (false when refused). */
  logsIn(value: string): Promise<boolean>;
  /** The database's port, when there is one: the database-down test puts a proxy in front of it. */
  databasePort?: number;
  /** Breaks the pending credentials behind the function's back, so that testSecret fails. */
  sabotage?(pendingValue: string): Promise<void>;
  tags?: Record<string, string>;
  /** Drops what the subject made; the database subjects run it at the end of the block that made them. */
  cleanup?(): Promise<void>;
}

type Stages = Record<string, string[]>;

export interface ContractWorld {
  local: TestEndpoint;
  lambdas: RotationLambdaServer;
  /** The HTTP API's PUT, PATCH, rotate and cancel routes, in this process, against `local`. */
  api: RotationApi;
  logLines: string[];
  /** sha256 of every password the test saw, to search the logs without holding them in messages. */
  seenPasswords: Set<string>;
}

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

function passwordOf(value: string): string {
  const parsed = JSON.parse(value) as { password?: string };
  return parsed.password ?? "";
}

/** Sets up the endpoint, the Lambda server and a log capture for one test file. */
export function useContractWorld(subjects: RotationSubject[]): () => ContractWorld {
  let world: ContractWorld | undefined;
  let restoreSink: ((line: string) => void) | undefined;
  useSuiteEnv({ ROTATION_ALLOWED_HOSTS: TEST_ALLOWED_HOSTS });
  beforeAll(async () => {
    const logLines: string[] = [];
    restoreSink = setLogSink((line) => logLines.push(line));
    const holder: { client?: SecretsManagerClient } = {};
    const handlers = Object.fromEntries(
      subjects.map((subject) => [
        subject.functionName,
        (event: unknown) => {
          const handler = createRotationHandler(() => subject.strategy(), {
            client: holder.client,
            metrics: createMetrics({ service: subject.functionName, sink: (line) => logLines.push(line) }),
          });
          return handler(event);
        },
      ]),
    );
    const lambdas = await startRotationLambdaServer(handlers);
    const local = await startTestEndpoint({ lambdaEndpoint: lambdas.url });
    holder.client = local.client;
    world = { local, lambdas, api: rotationApi(local.client), logLines, seenPasswords: new Set() };
  });
  afterAll(async () => {
    world?.api.release();
    if (restoreSink) setLogSink(restoreSink);
    await world?.local.close();
    await world?.lambdas.close();
  });
  return () => {
    if (!world) throw new Error("the contract world is not set up");
    return world;
  };
}

export class RotationDriver {
  constructor(
    private readonly world: ContractWorld,
    private readonly subject: RotationSubject,
  ) {}

  get client(): SecretsManagerClient {
    return this.world.local.client;
  }

  /** A new secret holding a fresh value; answers its ARN and first version. */
  async newSecret(port?: number, host?: string): Promise<{ arn: string; firstVersion: string }> {
    const value = await this.subject.newSecretValue({
      client: this.client,
      ...(port ? { port } : {}),
      ...(host ? { host } : {}),
    });
    this.remember(value);
    // Under the API's prefix (`app/`), so the HTTP routes serve it.
    const name = `app/rot/${this.subject.functionName}/${randomBytes(4).toString("hex")}`;
    const created = await createSecret(
      {
        name,
        value: { kind: "string", text: value },
        ...(this.subject.tags ? { tags: this.subject.tags } : {}),
      },
      { client: this.client },
    );
    return { arn: created.arn, firstVersion: created.versionId ?? "" };
  }

  /** RotateSecret on the endpoint, then waits until the endpoint's runner is done. */
  async rotate(arn: string): Promise<string> {
    const { versionId } = await rotateSecret(
      arn,
      {
        rotationLambdaArn: `arn:aws:lambda:us-east-1:000000000000:function:${this.subject.functionName}`,
        rotationRules: { automaticallyAfterDays: 30 },
      },
      { client: this.client },
    );
    await this.world.local.endpoint.rotation.idle();
    return versionId;
  }

  /** Runs all four steps in this process with `token`, checking after each that someone logs in. */
  async runAllSteps(arn: string, token: string): Promise<void> {
    const handler = createRotationHandler(() => this.subject.strategy(), {
      client: this.client,
      metrics: createMetrics({ service: "test", sink: (line) => this.world.logLines.push(line) }),
    });
    for (const step of STEPS) {
      await handler({ Step: step, SecretId: arn, ClientRequestToken: token });
      expect(await this.currentOrPendingLogsIn(arn, token), `after re-run ${step}`).toBe(true);
    }
  }

  /** Every version id (deprecated ones too): "nothing stored" is this list unchanged. */
  async versionIds(arn: string): Promise<string[]> {
    const listed = await this.client.send(
      new ListSecretVersionIdsCommand({ SecretId: arn, IncludeDeprecated: true }),
    );
    return (listed.Versions ?? []).map((version) => version.VersionId ?? "").sort();
  }

  async stages(arn: string): Promise<Stages> {
    const described = await this.client.send(new DescribeSecretCommand({ SecretId: arn }));
    return described.VersionIdsToStages ?? {};
  }

  async value(arn: string, selector: { stage?: string; versionId?: string }): Promise<string | undefined> {
    try {
      const answer = await this.client.send(
        new GetSecretValueCommand({
          SecretId: arn,
          VersionStage: selector.stage,
          VersionId: selector.versionId,
        }),
      );
      if (answer.SecretString) this.remember(answer.SecretString);
      return answer.SecretString;
    } catch (error) {
      if ((error as Error).name === "ResourceNotFoundException") return undefined;
      throw error;
    }
  }

  async currentOrPendingLogsIn(arn: string, token: string): Promise<boolean> {
    const current = await this.value(arn, { stage: "AWSCURRENT" });
    if (current && (await this.subject.logsIn(current))) return true;
    const pending = await this.value(arn, { versionId: token, stage: "AWSPENDING" });
    return pending !== undefined && (await this.subject.logsIn(pending));
  }

  /** The steps the endpoint ran for `token`, as `step:ok[:code]`. */
  steps(token: string): string[] {
    return this.world.lambdas.invoked
      .filter((s) => s.token === token)
      .map((s) => `${s.step}:${s.ok}${s.code ? `:${s.code}` : ""}`);
  }

  /** AWSCURRENT on the token's version, AWSPREVIOUS on the old one, AWSPENDING on no other; new credentials work. */
  async expectRotated(arn: string, oldVersion: string, token: string): Promise<void> {
    const stages = await this.stages(arn);
    expect(stages[token]).toContain("AWSCURRENT");
    expect(stages[oldVersion]).toContain("AWSPREVIOUS");
    for (const [id, labels] of Object.entries(stages)) {
      if (id !== token) expect(labels, `version ${id}`).not.toContain("AWSPENDING");
    }
    const current = await this.value(arn, { stage: "AWSCURRENT" });
    const old = await this.value(arn, { versionId: oldVersion });
    expect(current !== undefined && old !== undefined && passwordOf(current) !== passwordOf(old)).toBe(true);
    expect(await this.subject.logsIn(current ?? "")).toBe(true);
  }

  remember(value: string): void {
    const password = passwordOf(value);
    if (password) this.world.seenPasswords.add(password);
  }

  /** No captured log line holds any password the test saw (compared without printing them). */
  expectNoPasswordInLogs(): void {
    const leaks = [...this.world.seenPasswords].filter((password) =>
      this.world.logLines.some((line) => line.includes(password)),
    );
    expect(leaks.map(sha)).toEqual([]);
  }
}

/**
 * The contract for one strategy.
 *
 * @example
 * const world = useContractWorld([subject]);
 * describeRotationContract(subject, world);
 */
export function describeRotationContract(subject: RotationSubject, world: () => ContractWorld): void {
  const driver = () => new RotationDriver(world(), subject);

  it("a full rotation leaves the new credentials working and the labels moved", async () => {
    const d = driver();
    const { arn, firstVersion } = await d.newSecret();
    const token = await d.rotate(arn);
    const steps = world().lambdas.invoked.filter((s) => s.token === token);
    expect(steps.map((s) => `${s.step}:${s.ok}`)).toEqual(STEPS.map((s) => `${s}:true`));
    await d.expectRotated(arn, firstVersion, token);
    d.expectNoPasswordInLogs();
  });

  for (const stopAfter of STEPS) {
    it(`stopped after ${stopAfter}, then run again from the start with the same token, it ends right`, async () => {
      const d = driver();
      const { arn, firstVersion } = await d.newSecret();
      const loginAfterStep: string[] = [];
      let token = "";
      world().lambdas.setHooks({
        stopAfter,
        after: async (step, _ok, stepToken) => {
          if (!(await d.currentOrPendingLogsIn(arn, stepToken))) loginAfterStep.push(step);
        },
      });
      try {
        token = await d.rotate(arn);
      } finally {
        world().lambdas.setHooks({});
      }
      expect(loginAfterStep).toEqual([]);
      if (stopAfter !== "finishSecret") {
        const second = await rotateSecret(arn, {}, { client: d.client }).catch(
          (error: { code?: string }) => error,
        );
        expect((second as { code?: string }).code).toBe("InvalidRequestException");
        // As AWS's message says ("That rotation will be reattempted"), the endpoint runs the four steps
        // again from the start with the same token: wait for that run, which must succeed.
        await world().local.endpoint.rotation.idle();
        const again = world()
          .lambdas.invoked.filter((s) => s.token === token)
          .slice(STEPS.indexOf(stopAfter) + 1);
        expect(again.map((s) => `${s.step}:${s.ok}`)).toEqual(STEPS.map((s) => `${s}:true`));
      }
      await d.runAllSteps(arn, token);
      await d.expectRotated(arn, firstVersion, token);
      d.expectNoPasswordInLogs();
    });
  }

  if (subject.databasePort !== undefined) {
    const databasePort = subject.databasePort;
    it("the database down during setSecret: the step fails, AWSCURRENT is unchanged and still logs in", async () => {
      const proxy: TcpProxy = await startTcpProxy(databasePort);
      try {
        const d = driver();
        const { arn, firstVersion } = await d.newSecret(proxy.port);
        world().lambdas.setHooks({ before: (step) => (step === "setSecret" ? proxy.down() : undefined) });
        const token = await d.rotate(arn).finally(() => world().lambdas.setHooks({}));
        proxy.up();
        const steps = world().lambdas.invoked.filter((s) => s.token === token);
        expect(steps.map((s) => `${s.step}:${s.ok}`)).toEqual(["createSecret:true", "setSecret:false"]);
        expect(steps[1]?.code).toBe("RotationStepFailed");
        const stages = await d.stages(arn);
        expect(stages[firstVersion]).toContain("AWSCURRENT");
        expect(await subject.logsIn((await d.value(arn, { stage: "AWSCURRENT" })) ?? "")).toBe(true);
        d.expectNoPasswordInLogs();
      } finally {
        await proxy.close();
      }
    });
  }

  describeInterleavedWrites(subject, world);

  if (subject.sabotage) {
    const sabotage = subject.sabotage.bind(subject);
    it("testSecret failing: finishSecret never runs and AWSCURRENT stays", async () => {
      const d = driver();
      const { arn, firstVersion } = await d.newSecret();
      world().lambdas.setHooks({
        after: async (step, _ok, pending) => {
          if (step !== "setSecret") return;
          await sabotage((await d.value(arn, { versionId: pending, stage: "AWSPENDING" })) ?? "");
        },
      });
      const token = await d.rotate(arn).finally(() => world().lambdas.setHooks({}));
      const steps = world().lambdas.invoked.filter((s) => s.token === token);
      expect(steps.map((s) => `${s.step}:${s.ok}`)).toEqual([
        "createSecret:true",
        "setSecret:true",
        "testSecret:false",
      ]);
      expect(steps[2]?.code).toBe("PendingCredentialsTestFailed");
      expect((await d.stages(arn))[firstVersion]).toContain("AWSCURRENT");
      d.expectNoPasswordInLogs();
    });
  }
}

/** The steps after which a test writes the secret, and the one before which (RotateSecret made the version). */
const BOUNDARIES: { hook: "before" | "after"; step: RotationStep }[] = [
  { hook: "before", step: "createSecret" },
  { hook: "after", step: "createSecret" },
  { hook: "after", step: "setSecret" },
  { hook: "after", step: "testSecret" },
];

const boundaryName = (b: (typeof BOUNDARIES)[number]) => `${b.hook} ${b.step}`;

/** The label a cancel keeps the abandoned pending version under (functions/http/cancel-rotation.ts). */
const CANCELLED_LABEL = "rotation-cancelled";

/**
 * No acknowledged write is lost to a rotation: a write interleaved at every step boundary, through the
 * API (refused, 409, nothing stored) and around it (finishSecret refuses to move AWSCURRENT back; the
 * pending credentials stay the working ones; a cancel, a write and a new rotation end right).
 */
function describeInterleavedWrites(subject: RotationSubject, world: () => ContractWorld): void {
  const driver = () => new RotationDriver(world(), subject);

  for (const boundary of BOUNDARIES) {
    it(`a PUT and a PATCH through the API ${boundaryName(boundary)} answer 409 RotationInProgress, store nothing, and the rotation ends right`, async () => {
      const d = driver();
      const { arn, firstVersion } = await d.newSecret();
      const answers: { status: number; code?: string; retryAfter?: string; stored: boolean }[] = [];
      const write = async (step: RotationStep) => {
        if (step !== boundary.step) return;
        const before = await d.versionIds(arn);
        const current = JSON.parse((await d.value(arn, { stage: "AWSCURRENT" })) ?? "{}");
        for (const answer of [
          await world().api.put(arn, { ...current, note: "written through the API" }),
          await world().api.patch(arn, { note: "patched through the API" }),
        ]) {
          answers.push({
            status: answer.status,
            code: errorCode(answer),
            retryAfter: answer.headers["retry-after"],
            stored: JSON.stringify(await d.versionIds(arn)) !== JSON.stringify(before),
          });
        }
      };
      world().lambdas.setHooks({ [boundary.hook]: (step: RotationStep) => write(step) });
      const token = await d.rotate(arn).finally(() => world().lambdas.setHooks({}));
      const refused = { status: 409, code: "RotationInProgress", retryAfter: expect.stringMatching(/^\d+$/) };
      expect(answers).toEqual([
        { ...refused, stored: false },
        { ...refused, stored: false },
      ]);
      expect(d.steps(token)).toEqual(STEPS.map((s) => `${s}:true`));
      await d.expectRotated(arn, firstVersion, token);
      d.expectNoPasswordInLogs();
    });
  }

  for (const boundary of BOUNDARIES.filter((b) => b.hook === "after")) {
    it(`a write around the API ${boundaryName(boundary)}: finishSecret fails RotationConflict and moves no label, the pending credentials log in; after a cancel a write and a new rotation end right`, async () => {
      const d = driver();
      const { arn } = await d.newSecret();
      let written = "";
      world().lambdas.setHooks({
        after: async (step) => {
          if (step !== boundary.step) return;
          // Straight to Secrets Manager, as an IAM principal other than the API could write.
          const current = JSON.parse((await d.value(arn, { stage: "AWSCURRENT" })) ?? "{}");
          const text = JSON.stringify({ ...current, note: "written around the API" });
          written = (await putSecretValue(arn, { value: { kind: "string", text } }, { client: d.client }))
            .versionId;
        },
      });
      const token = await d.rotate(arn).finally(() => world().lambdas.setHooks({}));
      expect(d.steps(token)).toEqual([
        "createSecret:true",
        "setSecret:true",
        "testSecret:true",
        "finishSecret:false:RotationConflict",
      ]);
      const stages = await d.stages(arn);
      expect(stages[written]).toEqual(["AWSCURRENT"]);
      expect(stages[token]).toEqual(["AWSPENDING"]);
      // After setSecret the database holds the pending password: those are the credentials that work.
      const pending = (await d.value(arn, { versionId: token })) ?? "";
      expect(await subject.logsIn(pending)).toBe(true);

      // What the alert says to do: cancel, write the working credentials back with the change, rotate.
      const cancelled = await world().api.cancel(arn);
      expect([cancelled.status, cancelled.json.keptVersionId]).toEqual([200, token]);
      expect((await d.stages(arn))[token]).toEqual([CANCELLED_LABEL]);
      const latest = JSON.parse((await d.value(arn, { stage: "AWSCURRENT" })) ?? "{}");
      const { username, password } = JSON.parse(pending) as { username?: string; password?: string };
      const merged = { ...latest, ...(username ? { username } : {}), password };
      const put = await world().api.put(arn, merged);
      expect(put.status).toBe(200);
      const again = await world().api.rotate(arn);
      expect(again.status).toBe(202);
      await world().local.endpoint.rotation.idle();
      const next = String(again.json.versionId);
      expect(d.steps(next)).toEqual(STEPS.map((s) => `${s}:true`));
      await d.expectRotated(arn, String(put.json.versionId), next);
      const final = JSON.parse((await d.value(arn, { stage: "AWSCURRENT" })) ?? "{}");
      expect(final.note).toBe("written around the API");
      d.expectNoPasswordInLogs();
    });
  }
}

/** Names a describe block after the subject. */
export const contractTitle = (subject: RotationSubject) => `rotation contract: ${subject.functionName}`;
export { describe };
