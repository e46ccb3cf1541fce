/**
 * Deterministic throttling for tests (`POST /_local/throttle`): with share s, the n-th matching call is
 * throttled when floor(n * s) > floor((n - 1) * s), so s = 0.5 throttles every second call, s = 1 every
 * call, s = 0.25 every fourth; exactly round(N * s) of N calls over any long run. `{"share": 0}` turns it off.
 */
export interface ThrottleSettings {
  share: number;
  /** Operation names the throttle applies to; every operation when absent. */
  operations?: string[];
}

export class Throttle {
  private share = 0;
  private operations: Set<string> | undefined;
  private count = 0;

  configure(settings: ThrottleSettings): void {
    this.share = settings.share;
    this.operations = settings.operations ? new Set(settings.operations) : undefined;
    this.count = 0;
  }

  settings(): ThrottleSettings {
    return { share: this.share, ...(this.operations ? { operations: [...this.operations] } : {}) };
  }

  /** Counts the call and tells whether it must answer ThrottlingException. */
  shouldThrottle(operation: string): boolean {
    if (this.share <= 0) return false;
    if (this.operations && !this.operations.has(operation)) return false;
    this.count += 1;
    return Math.floor(this.count * this.share) > Math.floor((this.count - 1) * this.share);
  }
}
