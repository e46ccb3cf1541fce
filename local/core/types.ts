/**
 * The contract between the local endpoint's core (store and operations, `local/core`, `local/store`,
 * `local/operations`) and its shell (HTTP server, CLI, rotation runner, scheduler, events:
 * `local/server.ts`, `local/cli.ts`, `local/rotation/`).
 */

/** Seconds since the epoch, fractional, as Secrets Manager's wire protocol carries timestamps. */
export type EpochSeconds = number;

/** The endpoint's clock: real time plus an offset that `POST /_local/clock` advances. */
export interface Clock {
  now(): EpochSeconds;
  advance(seconds: number): void;
}

/** Who is asking: region from the SigV4 credential scope, account from LOCAL_ACCOUNT_ID. */
export interface RequestContext {
  region: string;
  accountId: string;
}

/** One rotation to run: the four steps against `lambdaArn` for version `clientRequestToken`. */
export interface RotationRequest {
  region: string;
  accountId: string;
  secretArn: string;
  secretName: string;
  clientRequestToken: string;
  lambdaArn: string;
  /**
   * `rotate` (absent means `rotate`): run the four steps. `testOnly`: RotateSecret with
   * RotateImmediately=false, where AWS only tests the configuration by running the testSecret step on an
   * AWSPENDING version made for `clientRequestToken` and removed when the outcome is recorded.
   */
  mode?: "rotate" | "testOnly";
}

/** How a test run (RotateImmediately=false) ended; `failure` names why, safely (an error type). */
export interface TestRunOutcome {
  outcome: "succeeded" | "failed";
  failure?: string;
}

/** What the core tells the shell about rotation; the shell runs the Lambda after the response is sent. */
export interface RotationHooks {
  /**
   * A rotation must run now: RotateSecret, the scheduler, or the reattempt of a failed rotation (and the
   * test run of RotateImmediately=false, when the shell has no `runTest`).
   */
  startRotation(request: RotationRequest): void;
  /**
   * Runs the test of RotateImmediately=false and resolves with its outcome; RotateSecret answers only
   * then, and answers a failure (AWS tests the configuration before it answers).
   */
  runTest?(request: RotationRequest): Promise<TestRunOutcome>;
  /** A pending rotation was abandoned (for example PutSecretValue took AWSPENDING away mid-rotation). */
  rotationAbandoned(request: RotationRequest): void;
  /**
   * Whether the Lambda function `lambdaArn` exists where rotations are invoked: false when the Lambda
   * endpoint answers that it has no such function, undefined when that cannot be known (the endpoint is
   * not reachable). Absent: RotateSecret does not check (unit tests of the core).
   */
  functionExists?(lambdaArn: string): Promise<boolean | undefined>;
}

/** An error answered on the wire as HTTP 400 (or `statusCode`) `{"__type": code, "Message": message}`. */
export interface AwsErrorShape {
  code: string;
  message: string;
  statusCode: number;
}

export interface SecretsCore {
  /**
   * Runs one Secrets Manager operation; throws (or, when it answers a promise, rejects with) `AwsError`
   * (local/core/errors.ts) for every refusal. It answers a promise when the operation must ask the shell
   * something first (RotateSecret naming a Lambda function: does it exist?) or waits for the shell after
   * committing (RotateSecret's test run).
   */
  dispatch(operation: string, input: unknown, context: RequestContext): unknown | Promise<unknown>;
  isKnownOperation(operation: string): boolean;
  /**
   * Runs `work` (which calls `dispatch` any number of times) as one transaction, committed once when it
   * returns; each dispatch inside is a savepoint, so a refused operation still changes nothing. The shell
   * groups concurrent requests this way (one commit for many writes) and answers them after the commit.
   */
  batch<T>(work: () => T): T;
  /**
   * Secrets whose NextRotationDate has come, rotation enabled, a Lambda set and no rotation running: a
   * fresh rotation, or the reattempt of a failed one (its pending version's id as the token).
   */
  dueRotations(now: EpochSeconds): RotationRequest[];
  /**
   * The shell reports how a rotation ended; success sets LastRotatedDate and the next NextRotationDate.
   * For a test run it removes the run's version, whatever the outcome.
   */
  recordRotationOutcome(request: RotationRequest, outcome: "succeeded" | "failed"): void;
  /** Wipes every secret in every region (`POST /_local/reset`). */
  reset(): void;
  secretCount(): number;
  close(): void;
}

export interface CoreOptions {
  /** Folder for the SQLite file; ignored when inMemory. */
  dataDir?: string;
  inMemory?: boolean;
  clock: Clock;
  rotation: RotationHooks;
}
