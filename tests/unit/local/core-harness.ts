import { randomUUID } from "node:crypto";
import { createClock } from "../../../local/core/clock";
import { AwsError } from "../../../local/core/errors";
import { createCore } from "../../../local/core/index";
import type { RequestContext, RotationRequest, SecretsCore } from "../../../local/core/types";

export const REGION = "us-east-1";
export const ACCOUNT = "123456789012";
export const CTX: RequestContext = { region: REGION, accountId: ACCOUNT };
export const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:rotate";
export const DAY = 86_400;

// biome-ignore lint/suspicious/noExplicitAny: wire answers are checked field by field in the tests
export type Answer = Record<string, any>;

/** The operations whose ClientRequestToken is an idempotency token the SDKs fill in when it is absent. */
const IDEMPOTENT = new Set(["CreateSecret", "PutSecretValue", "UpdateSecret", "RotateSecret"]);

/**
 * The input as an SDK sends it: ClientRequestToken filled in with a fresh UUID when the call leaves it
 * out (the endpoint refuses a raw request without one, as AWS does; the wire tests send those raw).
 */
export function asSdkSends(operation: string, input: unknown): unknown {
  if (!IDEMPOTENT.has(operation) || typeof input !== "object" || input === null || Array.isArray(input))
    return input;
  return "ClientRequestToken" in input ? input : { ...input, ClientRequestToken: randomUUID() };
}

export interface Harness {
  core: SecretsCore;
  clock: ReturnType<typeof createClock>;
  started: RotationRequest[];
  abandoned: RotationRequest[];
  /** dispatch in the default region as an SDK sends it (see `asSdkSends`), typed loosely for assertions */
  call(operation: string, input: unknown, context?: RequestContext): Answer;
  /** the AwsError a refused call throws (fails the test when the call succeeds or throws anything else); input as `call` sends it */
  refusal(operation: string, input: unknown, context?: RequestContext): AwsError;
}

export function makeHarness(options: { dataDir?: string } = {}): Harness {
  const clock = createClock(1_700_000_000);
  const started: RotationRequest[] = [];
  const abandoned: RotationRequest[] = [];
  const core = createCore({
    ...(options.dataDir ? { dataDir: options.dataDir } : { inMemory: true }),
    clock,
    rotation: { startRotation: (r) => started.push(r), rotationAbandoned: (r) => abandoned.push(r) },
  });
  const call = (operation: string, input: unknown, context = CTX) =>
    core.dispatch(operation, asSdkSends(operation, input), context) as Answer;
  const refusal = (operation: string, input: unknown, context = CTX) => {
    try {
      core.dispatch(operation, asSdkSends(operation, input), context);
    } catch (error) {
      if (error instanceof AwsError) return error;
      throw new Error(`not an AwsError: ${String(error)}`);
    }
    throw new Error(`${operation} was expected to be refused`);
  };
  return { core, clock, started, abandoned, call, refusal };
}

/** A 32+ character ClientRequestToken. */
export const token = (n: number) => `token-${String(n).padStart(4, "0")}-aaaaaaaaaaaaaaaaaaaaaaaa`;

/** The first element, failing the test when there is none. */
export function first<T>(list: readonly T[]): T {
  const item = list[0];
  if (item === undefined) throw new Error("expected a non-empty list");
  return item;
}
