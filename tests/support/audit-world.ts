/**
 * One local world for the audit's integration tests: the local endpoint (in memory, scheduler timer off),
 * an in-process Lambda Invoke API hosting a working and a failing rotation function and the real
 * `on-rotation-event` handler (the endpoint's events target), and helpers to run the audit against it
 * judged at the endpoint's clock.
 */
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Context } from "aws-lambda";
import { createAuditRotationHandler } from "../../functions/scheduled/audit-rotation";
import { createOnRotationEventHandler } from "../../functions/scheduled/on-rotation-event";
import { type LambdaServer, startLambdaServer } from "../../local/lambda-invoke-server";
import { type SeedSummary, seedSecrets } from "../../local/seed";
import { auditConfigFromEnvironment } from "../../shared/audit/config";
import { runAudit } from "../../shared/audit/run-audit";
import type { AuditReport } from "../../shared/audit/types";
import { createLogger } from "../../shared/observability/logger";
import { createMetrics } from "../../shared/observability/metrics";
import { rotationStub } from "./audit-rotation-stub";
import { localClient } from "./client";
import { startTestEndpoint, type TestEndpoint } from "./endpoint";

export const ROTATE_ARN = "arn:aws:lambda:us-east-1:000000000000:function:rotate";
export const ROTATE_FAILING_ARN = "arn:aws:lambda:us-east-1:000000000000:function:rotateFailing";
export const EVENTS_TARGET = "on-rotation-event";

export interface AuditWorld {
  test: TestEndpoint;
  lambdas: LambdaServer;
  /** The client the tests arrange secrets with. */
  client: SecretsManagerClient;
  /** Every line on-rotation-event logged, parsed. */
  eventLines: Record<string, unknown>[];
  /** Every EMF line on-rotation-event wrote, parsed. */
  eventMetrics: Record<string, unknown>[];
  /** The endpoint's clock as a Date. */
  now(): Date;
  /** Moves the endpoint's clock without the rotation scheduler catching up (AWS has not run it yet). */
  advanceHours(hours: number): void;
  /** Runs one audit with the environment `env` (over test defaults), its cursor in the state secret. */
  audit(env?: Record<string, string>): Promise<AuditReport>;
  /** Runs the real handler with `remainingMs` as the Lambda's remaining time; returns its result and log lines. */
  invokeAuditHandler(
    env: Record<string, string>,
    remainingMs: () => number,
  ): Promise<{
    result: Awaited<ReturnType<ReturnType<typeof createAuditRotationHandler>>>;
    lines: Record<string, unknown>[];
  }>;
  /** Waits until no rotation is running and every event was handled. */
  settle(): Promise<void>;
  /**
   * Seeds `count` secrets with `local/seed` (rotation functions ROTATE_ARN and ROTATE_FAILING_ARN, moving
   * the endpoint's clock as the seed asks) and settles; returns what the seed planted.
   */
  seed(count: number): Promise<SeedSummary>;
  close(): Promise<void>;
}

/** Small backoff so throttling tests stay fast; the audit's SDK client never retries itself. */
const TEST_ENV = { AUDIT_BACKOFF_BASE_MS: "5", AUDIT_BACKOFF_MAX_MS: "50", AUDIT_BACKOFF_MAX_ATTEMPTS: "12" };

export async function startAuditWorld(): Promise<AuditWorld> {
  const eventLines: Record<string, unknown>[] = [];
  const eventMetrics: Record<string, unknown>[] = [];
  let rotationClient: SecretsManagerClient | undefined;
  const lazyClient = () => {
    if (!rotationClient) throw new Error("endpoint not started");
    return rotationClient;
  };
  const onRotationEvent = createOnRotationEventHandler({
    environment: {},
    logger: createLogger({ service: "on-rotation-event", sink: (line) => eventLines.push(JSON.parse(line)) }),
    metrics: createMetrics({
      service: "on-rotation-event",
      sink: (line) => eventMetrics.push(JSON.parse(line)),
    }),
  });
  const lambdas = await startLambdaServer({
    rotate: (event, context) => rotationStub(lazyClient())(event, context),
    rotateFailing: (event, context) => rotationStub(lazyClient(), "setSecret")(event, context),
    [EVENTS_TARGET]: (event, context) => onRotationEvent(event as Record<string, unknown>, context),
  });
  const test = await startTestEndpoint({
    lambdaEndpoint: lambdas.url,
    eventsTargets: [EVENTS_TARGET],
    schedulerIntervalMs: 0,
  });
  rotationClient = localClient(test.url);
  const auditClient = localClient(test.url);
  const now = () => new Date(test.endpoint.clock.now() * 1000);
  const environment = (env: Record<string, string>) => ({ SECRETS_PREFIX: "app/", ...TEST_ENV, ...env });
  const settle = async () => {
    await test.endpoint.rotation.idle();
    await lambdas.idle();
    await test.endpoint.rotation.idle();
  };

  return {
    test,
    lambdas,
    client: test.client,
    eventLines,
    eventMetrics,
    now,
    advanceHours: (hours) => test.endpoint.clock.advance(hours * 3_600),
    audit: (env = {}) =>
      runAudit({ config: auditConfigFromEnvironment(environment(env)), client: auditClient, now }),
    async invokeAuditHandler(env, remainingMs) {
      const lines: Record<string, unknown>[] = [];
      const handler = createAuditRotationHandler({
        environment: environment(env),
        client: auditClient,
        now,
        logger: createLogger({ service: "audit-rotation", sink: (line) => lines.push(JSON.parse(line)) }),
        metrics: createMetrics({ service: "audit-rotation", sink: (line) => lines.push(JSON.parse(line)) }),
      });
      const context = {
        awsRequestId: "audit-test",
        getRemainingTimeInMillis: remainingMs,
      } as unknown as Context;
      const result = await handler({}, context);
      return { result, lines };
    },
    settle,
    async seed(count) {
      const seeded = await seedSecrets({
        client: test.client,
        count,
        rotationLambdaArn: ROTATE_ARN,
        failingRotationLambdaArn: ROTATE_FAILING_ARN,
        advanceClock: async (seconds) => {
          await test.control("clock", { advanceSeconds: seconds });
        },
      });
      await settle();
      return seeded;
    },
    async close() {
      rotationClient?.destroy();
      auditClient.destroy();
      await test.close();
      await lambdas.close();
    },
  };
}
