/**
 * Runs rotations the way Secrets Manager does: after RotateSecret has answered, it invokes the rotation
 * Lambda for createSecret, setSecret, testSecret and finishSecret in turn (only testSecret when the
 * request's mode is "testOnly"), stops at the first failing step leaving the labels as they are, and
 * reports the outcome to the core. Rotations of one secret never overlap: they queue behind each other.
 *
 * Lifecycle events: RotationStarted, then RotationSucceeded or RotationFailed (with the failed step in
 * `serviceEventDetails`), and RotationAbandoned when the core says so; a reattempt of a failed rotation
 * (same token) is a rotation like any other. A "testOnly" run (RotateImmediately false) rotates nothing:
 * the core made an AWSPENDING version for its token and removes it when the outcome is reported, whatever
 * it is; it emits TestRotationStarted, then TestRotationSucceeded or TestRotationFailed, as CloudTrail
 * does, and RotateSecret waits for it (`runTest`) to answer its outcome.
 */
import type { Clock, RotationHooks, RotationRequest, SecretsCore, TestRunOutcome } from "../core/types";
import { buildRotationEvent, type EventDelivery } from "./events";
import { invokeLambda } from "./lambda";

export const ROTATION_STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];

export interface RotationRunnerOptions {
  lambdaEndpoint: string;
  events: EventDelivery;
  clock: Clock;
  log: (line: string) => void;
  invokeTimeoutMs?: number;
}

/** The steps a request asks for: all four, or testSecret alone when RotateImmediately was false. */
function stepsFor(request: RotationRequest): readonly RotationStep[] {
  return request.mode === "testOnly" ? ["testSecret"] : ROTATION_STEPS;
}

export class RotationRunner implements RotationHooks {
  private core: SecretsCore | undefined;
  private readonly chains = new Map<string, Promise<void>>();
  private closed = false;

  constructor(private readonly options: RotationRunnerOptions) {}

  /** Binds the core the outcomes are reported to (the core is made after its hooks). */
  attach(core: SecretsCore): void {
    this.core = core;
  }

  /** Queues the rotation; it starts on a later turn of the event loop, after the response is written. */
  startRotation(request: RotationRequest): void {
    void this.enqueue(request);
  }

  /** Queues a test run (RotateImmediately=false) and resolves with its outcome once it has ended. */
  runTest(request: RotationRequest): Promise<TestRunOutcome> {
    return this.enqueue(request);
  }

  private enqueue(request: RotationRequest): Promise<TestRunOutcome> {
    if (this.closed) return Promise.resolve({ outcome: "failed", failure: "the endpoint is closing" });
    const key = request.secretArn;
    const previous = this.chains.get(key) ?? Promise.resolve();
    let outcome: TestRunOutcome = { outcome: "failed", failure: "the rotation did not run" };
    const next = previous
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(async () => {
        outcome = await this.run(request);
      })
      .catch((error: unknown) => this.options.log(`rotation runner error: ${errorName(error)}`));
    this.chains.set(key, next);
    void next.then(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
    return next.then(() => outcome);
  }

  rotationAbandoned(request: RotationRequest): void {
    if (this.closed) return;
    this.options.events.emit(buildRotationEvent("RotationAbandoned", request, this.options.clock.now()));
  }

  /**
   * Asks the Lambda endpoint with a DryRun invocation, which runs nothing: a 404
   * ResourceNotFoundException (what Lambda and serverless offline answer for an unknown function) means
   * no such function; any other answer means it exists (serverless offline answers DryRun with 400
   * InvalidParameterValueException, having found the function); no answer at all means unknown.
   */
  async functionExists(lambdaArn: string): Promise<boolean | undefined> {
    const result = await invokeLambda(
      this.options.lambdaEndpoint,
      lambdaArn,
      {},
      {
        invocationType: "DryRun",
        timeoutMs: 5_000,
      },
    );
    if (result.status === 0) return undefined;
    return !(result.status === 404 && (result.failure ?? "").includes("ResourceNotFoundException"));
  }

  isBusy(secretArn: string): boolean {
    return this.chains.has(secretArn);
  }

  /** Resolves when no rotation is queued or running and every event emitted so far was delivered. */
  async idle(): Promise<void> {
    while (this.chains.size > 0) {
      await Promise.all([...this.chains.values()]);
    }
    await this.options.events.drained();
  }

  /** Stops accepting rotations; waits up to `graceMs` for running ones. */
  async close(graceMs = 2_000): Promise<void> {
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([this.idle(), timeout]);
    clearTimeout(timer);
  }

  private async run(request: RotationRequest): Promise<TestRunOutcome> {
    const closing: TestRunOutcome = { outcome: "failed", failure: "the endpoint is closing" };
    if (this.closed) return closing;
    const { events, clock, log, lambdaEndpoint } = this.options;
    const testOnly = request.mode === "testOnly";
    const names = testOnly ? TEST_EVENTS : ROTATION_EVENTS;
    events.emit(buildRotationEvent(names.started, request, clock.now()));
    let failedStep: RotationStep | undefined;
    let failure: string | undefined;
    for (const step of stepsFor(request)) {
      const payload = {
        Step: step,
        SecretId: request.secretArn,
        ClientRequestToken: request.clientRequestToken,
      };
      const result = await invokeLambda(lambdaEndpoint, request.lambdaArn, payload, {
        timeoutMs: this.options.invokeTimeoutMs,
      });
      if (!result.ok) {
        failedStep = step;
        failure = result.failure;
        log(`rotation ${request.secretName} step ${step} failed: ${result.failure}`);
        break;
      }
      if (this.closed) return closing;
    }
    if (this.closed) return closing;
    const outcome = failedStep ? "failed" : "succeeded";
    try {
      this.core?.recordRotationOutcome(request, outcome);
    } catch (error) {
      log(`rotation ${request.secretName} outcome not recorded: ${errorName(error)}`);
    }
    const name = failedStep ? names.failed : names.succeeded;
    events.emit(buildRotationEvent(name, request, clock.now(), failedStep ? { failedStep } : undefined));
    return failure ? { outcome, failure } : { outcome };
  }
}

const ROTATION_EVENTS = {
  started: "RotationStarted",
  succeeded: "RotationSucceeded",
  failed: "RotationFailed",
} as const;
const TEST_EVENTS = {
  started: "TestRotationStarted",
  succeeded: "TestRotationSucceeded",
  failed: "TestRotationFailed",
} as const;

function errorName(error: unknown): string {
  if (error && typeof error === "object" && "code" in error) return String((error as { code: unknown }).code);
  return error instanceof Error ? error.name : "Error";
}
