import type { OperationContext } from "../operations/context";
import { OPERATIONS } from "../operations/registry";
import { CANNOT_INVOKE, rotationFunctionToCheck } from "../operations/rotate-secret";
import { dueRotations, recordRotationOutcome } from "../operations/rotation-schedule-runner";
import { asInput } from "../operations/validation";
import { openDatabase } from "../store/database";
import { SecretStore } from "../store/secret-store";
import { AwsError, accessDenied, internalFailure } from "./errors";
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
 * core.dispatch("CreateSecret", { Name: "db", SecretString: "{}", ClientRequestToken: randomUUID() }, { region: "us-east-1", accountId: "000000000000" });
 */
export function createCore(options: CoreOptions): SecretsCore {
  const db = openDatabase(options);
  const store = new SecretStore(db);
  store.clearRunningRotations();
  store.removeTestVersions();
  const { clock, rotation: hooks } = options;

  /**
   * Runs `work` in a transaction with a fresh context; queued hooks run only after commit. `waitFor` is
   * what the operation asked the answer to wait for (`answerAfter`), if anything.
   */
  function run<T>(
    request: RequestContext,
    work: (context: OperationContext) => T,
  ): { result: T; waitFor?: () => Promise<AwsError | undefined> } {
    const queued: (() => void)[] = [];
    let refusal: AwsError | undefined;
    let waitFor: (() => Promise<AwsError | undefined>) | undefined;
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
      answerAfter: (wait) => {
        waitFor = wait;
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
    return waitFor ? { result, waitFor } : { result };
  }

  /** The result once `waitFor` has resolved; the refusal it resolves with, if any, instead. */
  async function answerAfterWait<T>(result: T, waitFor: () => Promise<AwsError | undefined>): Promise<T> {
    const late = await waitFor().catch(() => internalFailure());
    if (late) throw late;
    return result;
  }

  /** Runs the operation and answers its result, after what it asked to wait for (if anything). */
  function answer(request: RequestContext, work: (context: OperationContext) => unknown): unknown {
    const { result, waitFor } = run(request, work);
    return waitFor ? answerAfterWait(result, waitFor) : result;
  }

  /**
   * RotateSecret naming a Lambda function: every other check first (read-only), then the shell is asked
   * whether the function exists, and only then the operation runs in its transaction. AWS answers
   * AccessDeniedException at once for a function it cannot invoke, and stores nothing.
   */
  async function afterFunctionCheck(
    lambdaArn: string,
    functionExists: (arn: string) => Promise<boolean | undefined>,
    work: () => unknown,
  ): Promise<unknown> {
    const exists = await functionExists(lambdaArn).catch(() => undefined);
    if (exists === false) throw accessDenied(CANNOT_INVOKE);
    return work();
  }

  return {
    dispatch(operation, input, request) {
      const handler = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
      if (!handler)
        throw new AwsError("UnknownOperationException", "The requested operation is not recognized.");
      const body = asInput(input);
      const work = (context: OperationContext) => handler(context, body);
      const functionExists = hooks.functionExists?.bind(hooks);
      if (operation === "RotateSecret" && functionExists) {
        const lambdaArn = run(request, (context) => rotationFunctionToCheck(context, body)).result;
        if (lambdaArn !== undefined)
          return afterFunctionCheck(lambdaArn, functionExists, () => answer(request, work));
      }
      return answer(request, work);
    },
    isKnownOperation: (operation) => Object.hasOwn(OPERATIONS, operation),
    batch: (work) => store.transaction(work),
    dueRotations: (now) => run({ region: "", accountId: "" }, (context) => dueRotations(context, now)).result,
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
