/**
 * Rotation handlers run in this test process behind the generic Lambda Invoke API server
 * (`lambda-invoke-server.ts`), so the local endpoint's RotateSecret drives the real handlers while a test
 * watches every step, stops the rotation after one, or breaks something before or after one.
 */

import { type LambdaFunction, startLambdaServer } from "../../local/lambda-invoke-server";
import type { RotationStep } from "../../shared/rotation/types";

export type RotationHandler = (event: unknown) => Promise<void>;

export interface InvokedStep {
  functionName: string;
  step: RotationStep;
  token: string;
  ok: boolean;
  /** The error's code when the step failed (RotationError codes; never a message). */
  code?: string;
}

export interface StepHooks {
  /** Steps after this one answer a function error without running (a rotation stopped half-way). */
  stopAfter?: RotationStep;
  before?(step: RotationStep, token: string): Promise<void> | void;
  after?(step: RotationStep, ok: boolean, token: string): Promise<void> | void;
}

export interface RotationLambdaServer {
  url: string;
  invoked: InvokedStep[];
  /** Hooks for the next rotations until reset. */
  setHooks(hooks: StepHooks): void;
  close(): Promise<void>;
}

const STEP_ORDER: RotationStep[] = ["createSecret", "setSecret", "testSecret", "finishSecret"];

/** A function error the test answers instead of running a step; its name is the error type. */
class StoppedByTest extends Error {
  override name = "StoppedByTest";
}

/**
 * @example
 * const lambdas = await startRotationLambdaServer({ "postgres-single-user": handler });
 * const endpoint = await startEndpoint({ port: 0, inMemory: true, lambdaEndpoint: lambdas.url });
 */
export async function startRotationLambdaServer(
  handlers: Record<string, RotationHandler>,
): Promise<RotationLambdaServer> {
  const invoked: InvokedStep[] = [];
  let hooks: StepHooks = {};
  const withHooks =
    (functionName: string, handler: RotationHandler): LambdaFunction =>
    async (raw) => {
      const event = raw as { Step: RotationStep; ClientRequestToken: string };
      const { Step: step, ClientRequestToken: token } = event;
      const stopAt = hooks.stopAfter ? STEP_ORDER.indexOf(hooks.stopAfter) : 99;
      if (STEP_ORDER.indexOf(step) > stopAt) throw new StoppedByTest();
      await hooks.before?.(step, token);
      try {
        await handler(event);
      } catch (error) {
        const code = String((error as { code?: unknown }).code ?? "Error");
        invoked.push({ functionName, step, token, ok: false, code });
        await hooks.after?.(step, false, token);
        throw error;
      }
      invoked.push({ functionName, step, token, ok: true });
      await hooks.after?.(step, true, token);
      return null;
    };
  const server = await startLambdaServer(
    Object.fromEntries(Object.entries(handlers).map(([name, handler]) => [name, withHooks(name, handler)])),
  );
  return {
    url: server.url,
    invoked,
    setHooks: (next) => {
      hooks = next;
    },
    close: () => server.close(),
  };
}
