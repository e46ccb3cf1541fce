/**
 * Test controls of the local endpoint only (never part of Secrets Manager):
 * - `POST /_local/reset`: wipes every secret;
 * - `POST /_local/clock` `{"advanceSeconds": N}`: moves the clock forward, starts due rotations, answers `{"now"}`;
 * - `GET /_local/health`: `{"status": "ok", "secrets": N, "now": epochSeconds}`;
 * - `POST /_local/throttle` `{"share": 0..1, "operations"?: [...]}`: that share of matching calls answers
 *   ThrottlingException (see `throttle.ts`); `{"share": 0}` turns it off.
 * They answer only requests from this machine (loopback): the endpoint may listen on another address
 * with `--host` (and `--allow-remote`), and a reset from the network would wipe everything. Like every
 * request, they are refused to web pages first (request-guard.ts), but need no particular content type:
 * a plain `curl -X POST http://127.0.0.1:4566/_local/reset` works.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { AwsError } from "./core/errors";
import type { Clock, SecretsCore } from "./core/types";
import type { Throttle } from "./throttle";
import { parseRequestObject, sendJson } from "./wire";

export const CONTROL_PREFIX = "/_local/";
/** The most a control's body may hold (the server reads it before calling `handleControl`). */
export const CONTROL_BODY_LIMIT = 64 * 1024;

export interface ControlContext {
  core: SecretsCore;
  clock: Clock;
  throttle: Throttle;
  /** Called after the clock moved, so due rotations start at once. */
  onClockAdvanced(): void;
}

type ControlHandler = (input: Record<string, unknown>, context: ControlContext) => unknown;

const routes: Record<string, { method: "GET" | "POST"; handler: ControlHandler }> = {
  reset: {
    method: "POST",
    handler: (_input, { core }) => {
      core.reset();
      return { status: "ok", secrets: core.secretCount() };
    },
  },
  clock: {
    method: "POST",
    handler: (input, { clock, onClockAdvanced }) => {
      const seconds = input.advanceSeconds;
      if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) {
        throw new AwsError("InvalidParameterException", "advanceSeconds must be a non-negative number");
      }
      clock.advance(seconds);
      onClockAdvanced();
      return { now: clock.now() };
    },
  },
  health: {
    method: "GET",
    handler: (_input, { core, clock }) => ({ status: "ok", secrets: core.secretCount(), now: clock.now() }),
  },
  throttle: {
    method: "POST",
    handler: (input, { throttle }) => {
      const { share, operations } = input;
      if (typeof share !== "number" || !(share >= 0 && share <= 1)) {
        throw new AwsError("InvalidParameterException", "share must be a number from 0 to 1");
      }
      if (
        operations !== undefined &&
        !(Array.isArray(operations) && operations.every((o) => typeof o === "string"))
      ) {
        throw new AwsError("InvalidParameterException", "operations must be a list of operation names");
      }
      throttle.configure({ share, ...(operations ? { operations: operations as string[] } : {}) });
      return throttle.settings();
    },
  },
};

/** Whether the request came over loopback (127.0.0.0/8, ::1, or IPv4 mapped into IPv6). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const ipv4 = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  return ipv4.startsWith("127.") || address === "::1";
}

/** Answers one `/_local/...` request, whose body was read (up to CONTROL_BODY_LIMIT). */
export function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: Buffer,
  context: ControlContext,
): void {
  if (!isLoopback(req.socket.remoteAddress)) {
    throw new AwsError("AccessDeniedException", "Local controls answer only requests from this machine", 403);
  }
  const name = path.slice(CONTROL_PREFIX.length);
  const route = Object.hasOwn(routes, name) ? routes[name] : undefined;
  if (!route) throw new AwsError("UnknownOperationException", "Unknown local control", 404);
  if (req.method !== route.method)
    throw new AwsError("UnknownOperationException", `Use ${route.method}`, 405);
  const input = route.method === "POST" ? parseRequestObject(body) : {};
  sendJson(res, 200, route.handler(input, context), "application/json");
}
