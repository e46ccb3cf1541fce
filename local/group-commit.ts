/**
 * Group commit: the operations that reach the endpoint in one turn of the event loop run in one SQLite
 * transaction, each in its own savepoint, and are answered once that transaction has committed. A write's
 * cost is mostly its commit (each page it changed written to the WAL, and its share of the checkpoint),
 * so 16 concurrent puts committed together cost far less than 16 commits, while each answer still comes
 * only after its write is committed: an acknowledged write survives a SIGKILL the next instant, and a
 * refused operation (its savepoint rolled back) changes nothing.
 *
 * @example
 * const commits = new GroupCommit(core);
 * const output = await commits.dispatch("PutSecretValue", input, context);
 */
import { AwsError } from "./core/errors";
import type { RequestContext, SecretsCore } from "./core/types";

/** More than this many queued operations are split over several transactions, to bound latency. */
const MAX_BATCH = 64;

interface Queued {
  operation: string;
  input: unknown;
  context: RequestContext;
  resolve(output: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; output: unknown } | { ok: false; error: unknown };

export class GroupCommit {
  private queue: Queued[] = [];

  constructor(private readonly core: SecretsCore) {}

  /** Queues one operation; settles with its output or its refusal once its transaction has committed. */
  dispatch(operation: string, input: unknown, context: RequestContext): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ operation, input, context, resolve, reject });
      // setImmediate runs after the poll phase: every request whose body arrived in this turn is queued.
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.queue.splice(0, MAX_BATCH);
    if (this.queue.length > 0) setImmediate(() => this.flush());
    const outcomes: Outcome[] = [];
    try {
      this.core.batch(() => {
        for (const item of batch) {
          try {
            outcomes.push({ ok: true, output: this.core.dispatch(item.operation, item.input, item.context) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch {
      // The commit itself failed: nothing of this batch is acknowledged.
      const failure = new AwsError("InternalServiceError", "An internal error occurred", 500);
      for (const item of batch) item.reject(failure);
      return;
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index] as Outcome;
      if (outcome.ok) item.resolve(outcome.output);
      else item.reject(outcome.error);
    });
  }
}
