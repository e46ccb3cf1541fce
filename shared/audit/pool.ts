/**
 * Runs `worker` over `items` with at most `limit` at once, starting them in order and starting no more once
 * `mayStart()` says no. Every started item finishes before it resolves, so the items done are always the
 * first `started` of the list: a position the next run can resume from.
 *
 * @example
 * const started = await runInOrder(secrets, 10, auditOne, () => !deadline.shouldStop());
 */
export async function runInOrder<T>(
  items: readonly T[],
  limit: number,
  worker: (item: T, index: number) => Promise<void>,
  mayStart: () => boolean = () => true,
): Promise<number> {
  let next = 0;
  let stopped = false;
  const lane = async (): Promise<void> => {
    while (!stopped && next < items.length) {
      if (!mayStart()) {
        stopped = true;
        return;
      }
      const index = next;
      next += 1;
      await worker(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return next;
}
