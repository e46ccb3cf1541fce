import type { OperationContext } from "../operations/context";
import { OPERATIONS } from "../operations/registry";
import { dueRotations, recordRotationOutcome } from "../operations/rotation-schedule-runner";
import { asInput } from "../operations/validation";
import { openDatabase } from "../store/database";
import { SecretStore } from "../store/secret-store";
import { AwsError, internalFailure } from "./errors";
import type { CoreOptions, RequestContext, SecretsCore } from "./types";

export { createClock } from "./clock";
export { AwsError } from "./errors";
export type * from "./types";

/**
 * The local Secrets Manager: `dispatch` runs one operation in one SQLite transaction (a refusal
 * changes nothing), then runs the rotation hooks the operation queued. It throws only `AwsError`.
 *
 * @example
 * const core = createCore({ inMemory: true, clock: createClock(), rotation: hooks });
 * core.dispatch("CreateSecret", { Name: "db", SecretString: "{}" }, { region: "us-east-1", accountId: "000000000000" });
 */
export function createCore(options: CoreOptions): SecretsCore {
  const db = openDatabase(options);
  const store = new SecretStore(db);
  store.clearRunningRotations();
  store.removeTestVersions();
  const { clock, rotation: hooks } = options;

  /** Runs `work` in a transaction with a fresh context; queued hooks run only after commit. */
  function run<T>(request: RequestContext, work: (context: OperationContext) => T): T {
    const queued: (() => void)[] = [];
    let refusal: AwsError | undefined;
    const now = clock.now();
    const context: OperationContext = {
      store,
      clock,
      now,
      request,
      hooks,
      afterCommit: (action) => queued.push(action),
      refuseAfterCommit: (error) => {
        refusal = error;
      },
    };
    let result: T;
    try {
      // Purging expired deletions is its own transaction: a refused request must not undo it.
      store.purgeExpired(now);
      result = store.transaction(() => work(context));
    } catch (error) {
      if (error instanceof AwsError) throw error;
      // Anything else is a bug; its text could quote input, so it is not passed on.
      throw internalFailure();
    }
    for (const action of queued) {
      try {
        action();
      } catch {
        // A failing hook must not turn a committed write into an error answer.
      }
    }
    if (refusal) throw refusal;
    return result;
  }

  return {
    dispatch(operation, input, request) {
      const handler = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
      if (!handler)
        throw new AwsError("UnknownOperationException", "The requested operation is not recognized.");
      return run(request, (context) => handler(context, asInput(input)));
    },
    isKnownOperation: (operation) => Object.hasOwn(OPERATIONS, operation),
    batch: (work) => store.transaction(work),
    dueRotations: (now) => run({ region: "", accountId: "" }, (context) => dueRotations(context, now)),
    recordRotationOutcome(request, outcome) {
      run({ region: request.region, accountId: request.accountId }, (context) =>
        recordRotationOutcome(context, request, outcome),
      );
    },
    reset: () => store.wipe(),
    secretCount() {
      store.purgeExpired(clock.now());
      return store.countSecrets();
    },
    close: () => db.close(),
  };
}
