/**
 * The EMF lines the real handlers write: each metric-emitting function of a packaged template run in this
 * process with the environment the template gives it, against the local endpoint, about the secrets
 * named, with its stdout captured. What the alarms and the metric-cost checks compare with.
 *
 * @example
 * const runs = await captureMetrics(template, endpoint, ["app/a", "app/b"]);
 * runs.find((run) => run.fn === "rotationGeneric")?.documents[0]?.dimensionSets // [["service","step"],["service"]]
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CreateSecretCommand } from "@aws-sdk/client-secrets-manager";
import type { TestEndpoint } from "./endpoint";
import { lambdaContext } from "./lambda-event";
import type { Template } from "./packaged";
import { REPO } from "./paths";
import { captureLogLine, rememberTestSecret } from "./redaction-registry";
import { functionName, lambdaFunctions } from "./template/policies";

/** One EMF line, read. */
export interface EmfDocument {
  namespace: string;
  metrics: string[];
  dimensionSets: string[][];
  /** The line's top-level fields: dimension values, properties, metric values. */
  fields: Record<string, unknown>;
}

export interface MetricRun {
  fn: string;
  documents: EmfDocument[];
}

/** The files that write metrics, each reached by one of the runs below. A new one must be added here. */
export const METRIC_EMITTERS = {
  "shared/rotation/engine.ts": "every rotation function",
  "shared/audit/report.ts": "auditRotation",
  "functions/scheduled/audit-rotation.ts": "auditRotation",
  "functions/scheduled/on-rotation-event.ts": "onRotationEvent",
};

const ROTATION_STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"];

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/** The function's environment in the template, without values CloudFormation would compute. */
function environmentOf(template: Template, logicalId: string): Record<string, string> {
  const variables = ((template.Resources[logicalId]?.Properties.Environment ?? {}) as { Variables?: object })
    .Variables;
  return Object.fromEntries(
    Object.entries(variables ?? {}).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string",
    ),
  );
}

async function withEnvironment<T>(environment: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const previous = Object.fromEntries(Object.keys(environment).map((name) => [name, process.env[name]]));
  Object.assign(process.env, environment);
  try {
    return await run();
  } finally {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/**
 * Runs `work` with stdout captured; answers the EMF documents written meanwhile. Every line goes to the
 * suite's redaction check, except the audit's: its resume cursor is a state secret (so the endpoint
 * registers it as a value) whose pass id the audit's report names by design.
 */
async function capturingStdout(source: string, work: () => Promise<void>): Promise<EmfDocument[]> {
  const documents: EmfDocument[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    for (const line of String(chunk).split("\n").filter(Boolean)) {
      if (source !== "emf-auditRotation") captureLogLine(source, line);
      if (!line.includes('"_aws"')) continue;
      const fields = JSON.parse(line) as Record<string, unknown> & {
        _aws: {
          CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
        };
      };
      for (const directive of fields._aws.CloudWatchMetrics) {
        documents.push({
          namespace: directive.Namespace,
          metrics: directive.Metrics.map((metric) => metric.Name),
          dimensionSets: directive.Dimensions,
          fields,
        });
      }
    }
    return true;
  }) as typeof process.stdout.write;
  try {
    await work();
  } finally {
    process.stdout.write = write;
  }
  return documents;
}

async function handlerOf(template: Template, logicalId: string): Promise<Handler> {
  const [path, exported] = String(template.Resources[logicalId]?.Properties.Handler).split(/\.(?=[^.]+$)/);
  const module = (await import(join(REPO, `${path}.ts`))) as Record<string, Handler>;
  const handler = module[exported ?? "handler"];
  if (!handler) throw new Error(`${path} exports no ${exported}`);
  return handler;
}

function rotationEventFor(secretArn: string): Record<string, unknown> {
  const event = JSON.parse(readFileSync(join(REPO, "events", "rotation-event-failed.json"), "utf8"));
  event.detail.additionalEventData.SecretId = secretArn;
  return event;
}

/**
 * Runs every function of `template` that writes metrics, about `secrets` (names under the template's
 * prefix): each rotation function's four steps on each (the secrets do not exist: every step fails, as
 * RotationStepFailed), one audit of the endpoint after creating them, one RotationFailed event for each.
 */
export async function captureMetrics(
  template: Template,
  endpoint: TestEndpoint,
  secrets: string[],
): Promise<MetricRun[]> {
  const runs: MetricRun[] = [];
  const arnOf = (name: string) => `arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-AbCdEf`;
  for (const name of secrets) {
    await endpoint.client.send(
      new CreateSecretCommand({ Name: name, SecretString: rememberTestSecret(`emf-${randomUUID()}`) }),
    );
  }
  for (const [logicalId, resource] of Object.entries(lambdaFunctions(template))) {
    const fn = functionName(logicalId);
    const handlerPath = String(resource.Properties.Handler);
    const environment = {
      ...environmentOf(template, logicalId),
      AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint.url,
    };
    // As long as the function's own timeout: the audit stops when too little is left.
    const context = { ...lambdaContext(fn), getRemainingTimeInMillis: () => 900_000 };
    let work: ((handler: Handler) => Promise<void>) | undefined;
    if (handlerPath.startsWith("functions/rotation/")) {
      work = async (handler) => {
        for (const name of secrets) {
          for (const Step of ROTATION_STEPS) {
            const event = { Step, SecretId: arnOf(`${name}-missing`), ClientRequestToken: randomUUID() };
            await handler(event, context).catch(() => undefined);
          }
        }
      };
    } else if (fn === "auditRotation") {
      work = async (handler) => {
        await handler({}, context);
      };
    } else if (fn === "onRotationEvent") {
      work = async (handler) => {
        for (const name of secrets) await handler(rotationEventFor(arnOf(name)), context);
      };
    }
    if (!work) continue;
    const handler = await handlerOf(template, logicalId);
    const run = work;
    const documents = await withEnvironment(environment, () =>
      capturingStdout(`emf-${fn}`, () => run(handler)),
    );
    runs.push({ fn, documents });
  }
  return runs;
}
