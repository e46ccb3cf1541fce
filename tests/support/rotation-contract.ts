/**
 * The rotation contract every strategy is held to, as one reusable suite: the real local endpoint runs
 * RotateSecret, which invokes the strategy's handler in this process through `rotation-lambda-server`.
 * A subject says how to make a secret for its strategy and how to tell whether credentials log in.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setLogSink } from "../../shared/observability/logger";
import { createMetrics } from "../../shared/observability/metrics";
import { createRotationHandler } from "../../shared/rotation/engine";
import type { RotationStep, RotationStrategy } from "../../shared/rotation/types";
import { createSecret, rotateSecret } from "../../shared/secrets";
import { startTcpProxy, type TcpProxy } from "./db-tcp-proxy";
import { startTestEndpoint, type TestEndpoint } from "./endpoint";
import { type RotationLambdaServer, startRotationLambdaServer } from "./rotation-lambda-server";

export const STEPS: RotationStep[] = ["createSecret", "setSecret", "testSecret", "finishSecret"];

export interface SubjectContext {
  client: SecretsManagerClient;
  /** Port the secret must name (a proxy in front of the database, for the database-down test). */
  port?: number;
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
  cleanup?(): Promise<void>;
}

type Stages = Record<string, string[]>;

export interface ContractWorld {
  local: TestEndpoint;
  lambdas: RotationLambdaServer;
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
    world = { local, lambdas, logLines, seenPasswords: new Set() };
  });
  afterAll(async () => {
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
  async newSecret(port?: number): Promise<{ arn: string; firstVersion: string }> {
    const value = await this.subject.newSecretValue({ client: this.client, ...(port ? { port } : {}) });
    this.remember(value);
    const name = `rot/${this.subject.functionName}/${randomBytes(4).toString("hex")}`;
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

  afterAll(async () => {
    await subject.cleanup?.();
  });

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

/** Names a describe block after the subject. */
export const contractTitle = (subject: RotationSubject) => `rotation contract: ${subject.functionName}`;
export { describe };
