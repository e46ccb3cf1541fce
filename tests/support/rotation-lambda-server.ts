/**
 * The Lambda Invoke API (`POST /2015-03-31/functions/{name}/invocations`) in front of rotation handlers
 * run in this test process, so the local endpoint's RotateSecret drives the real handlers while a test
 * watches every step, stops the rotation after one, or breaks something before or after one.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
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

async function bodyOf(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
}

const STEP_ORDER: RotationStep[] = ["createSecret", "setSecret", "testSecret", "finishSecret"];

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
  const server: Server = createServer((req, res) => {
    void (async () => {
      const name = decodeURIComponent(/\/functions\/([^/]+)\/invocations/.exec(req.url ?? "")?.[1] ?? "");
      const event = (await bodyOf(req)) as { Step: RotationStep; ClientRequestToken: string };
      const handler = handlers[name];
      const answerError = (errorType: string) => {
        res.writeHead(200, { "content-type": "application/json", "x-amz-function-error": "Unhandled" });
        res.end(JSON.stringify({ errorType, errorMessage: errorType }));
      };
      if (!handler) return answerError("ResourceNotFoundException");
      const stopAt = hooks.stopAfter ? STEP_ORDER.indexOf(hooks.stopAfter) : 99;
      if (STEP_ORDER.indexOf(event.Step) > stopAt) return answerError("StoppedByTest");
      await hooks.before?.(event.Step, event.ClientRequestToken);
      try {
        await handler(event);
        invoked.push({ functionName: name, step: event.Step, token: event.ClientRequestToken, ok: true });
        await hooks.after?.(event.Step, true, event.ClientRequestToken);
        res.writeHead(200, { "content-type": "application/json" });
        res.end("null");
      } catch (error) {
        const code = String((error as { code?: unknown }).code ?? "Error");
        invoked.push({
          functionName: name,
          step: event.Step,
          token: event.ClientRequestToken,
          ok: false,
          code,
        });
        await hooks.after?.(event.Step, false, event.ClientRequestToken);
        answerError(code);
      }
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    invoked,
    setHooks: (next) => {
      hooks = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
