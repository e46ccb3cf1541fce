/**
 * Starts due rotations: every `intervalMs` (and whenever `tick()` is called, for example right after
 * `POST /_local/clock`) it asks the core which rotations are due at the clock's now and starts each one.
 * The core marks each returned rotation as started, so a secret is never returned twice while it runs;
 * the runner queues it behind any rotation of the same secret still finishing.
 */
import type { Clock, SecretsCore } from "../core/types";
import type { RotationRunner } from "./runner";

export class RotationScheduler {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly core: SecretsCore,
    private readonly clock: Clock,
    private readonly runner: RotationRunner,
    private readonly log: (line: string) => void,
    private readonly intervalMs = 5_000,
  ) {}

  start(): void {
    if (this.timer || this.intervalMs <= 0) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Starts every due rotation now; returns how many were started. */
  tick(): number {
    let started = 0;
    try {
      for (const request of this.core.dueRotations(this.clock.now())) {
        this.runner.startRotation(request);
        started += 1;
      }
    } catch (error) {
      this.log(`scheduler error: ${error instanceof Error ? error.name : "Error"}`);
    }
    return started;
  }
}
