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
}

export type Operation = (context: OperationContext, input: Input) => unknown;

export const SECONDS_PER_DAY = 86_400;

/** AWS reports LastAccessedDate truncated to the day (midnight UTC). */
export const startOfDay = (time: EpochSeconds) => Math.floor(time / SECONDS_PER_DAY) * SECONDS_PER_DAY;
