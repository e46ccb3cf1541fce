import type { AwsError } from "../core/errors";
import type { Clock, EpochSeconds, RequestContext, RotationHooks } from "../core/types";
import type { SecretStore } from "../store/secret-store";
import type { Input } from "./validation";

/** What one operation sees: the store, the time frozen for the whole request, and the caller. */
export interface OperationContext {
  readonly store: SecretStore;
  readonly clock: Clock;
  readonly now: EpochSeconds;
  readonly request: RequestContext;
  readonly hooks: RotationHooks;
  /** Runs `action` after the transaction committed (rotation hooks must not see rolled-back state). */
  afterCommit(action: () => void): void;
  /**
   * Answers `error` although what the operation wrote is committed and its `afterCommit` actions run:
   * for the refusals AWS documents as having an effect (RotateSecret's "That rotation will be
   * reattempted"). The operation returns normally after calling it.
   */
  refuseAfterCommit(error: AwsError): void;
  /**
   * Makes the answer wait, after the commit and the `afterCommit` actions, for `wait`; the error it
   * resolves with, if any, is answered instead of the result (RotateSecret's test run).
   */
  answerAfter(wait: () => Promise<AwsError | undefined>): void;
}

export type Operation = (context: OperationContext, input: Input) => unknown;

export const SECONDS_PER_DAY = 86_400;

/** AWS reports LastAccessedDate truncated to the day (midnight UTC). */
export const startOfDay = (time: EpochSeconds) => Math.floor(time / SECONDS_PER_DAY) * SECONDS_PER_DAY;
