/**
 * The generic strategy, for values that whatever uses them checks by reading the secret (an API key, a
 * token): createSecret replaces one key of the JSON value (or a plain-text value whole), setSecret has
 * nothing to tell anyone, testSecret checks the pending value's shape: what a rotation would keep. It
 * does not check whether the function generated the value: in the test run of RotateImmediately=false the
 * pending value is a copy of the current one, which a person may have set.
 */
import { RotationErrorCodes, StrategyError } from "../errors.js";
import { passwordPolicy, tagsOf } from "../password-policy.js";
import { storePendingOnce } from "../pending.js";
import type { RotationStrategy, StepContext } from "../types.js";
import { readPending, readStage } from "../versions.js";
import { freshValue, freshValueProblem } from "./api-tokens.js";

export const ROTATION_KEY_TAG = "rotation:key";

type GenericValue = { kind: "json"; object: Record<string, unknown> } | { kind: "text" };

function parseValue(text: string): GenericValue {
  if (text.trimStart().startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
        return { kind: "json", object: parsed as Record<string, unknown> };
      }
    } catch {
      // not JSON after all: a plain-text value is rotated whole
    }
  }
  return { kind: "text" };
}

/** The keys rotated without a tag: `password`, or `token` when only that exists. */
const DEFAULT_KEYS = ["password", "token"];

/**
 * The key that is rotated: `password`, or `token` when the value has that and no `password`. The
 * `rotation:key` tag (which any caller of the API may set) names another key only for a value that has
 * neither: it cannot steer the rotation off the key that holds the secret, so that "rotated" stays true.
 */
function rotatedKey(context: Pick<StepContext, "description">, object: Record<string, unknown>): string {
  const tagged = tagsOf(context)[ROTATION_KEY_TAG];
  const held = DEFAULT_KEYS.find((key) => Object.hasOwn(object, key));
  if (tagged && tagged !== held) {
    if (held) {
      throw new StrategyError(
        RotationErrorCodes.NotAllowed,
        `the tag ${ROTATION_KEY_TAG} names "${tagged}", but the value's "${held}" is what a rotation rotates`,
      );
    }
    return tagged;
  }
  return held ?? "password";
}

async function createSecret(context: StepContext): Promise<void> {
  const outcome = await storePendingOnce(context, async (currentText) => {
    const current = parseValue(currentText);
    const fresh = await freshValue(context);
    if (current.kind === "text") return fresh;
    return JSON.stringify({ ...current.object, [rotatedKey(context, current.object)]: fresh });
  });
  context.logger.info("pending value ready", { outcome });
}

async function setSecret(context: StepContext): Promise<void> {
  // Nothing to tell: the value's users read the secret, so storing it (createSecret) was the whole change.
  context.logger.debug("nothing to set for a generic secret");
}

/**
 * The pending value has the shape its users read: text where the current value is text, else a JSON
 * object whose rotated key holds a non-empty string (for the API's token secrets, a token of its
 * client: what the authorizer accepts). Other keys are not compared with AWSCURRENT's: a
 * value written meanwhile may have added one, which finishSecret then settles (RotationConflict).
 */
async function testSecret(context: StepContext): Promise<void> {
  const [pending, current] = [await readPending(context), await readStage(context, "AWSCURRENT")];
  const fail = (why: string) => new StrategyError(RotationErrorCodes.TestFailed, why);
  if (pending?.value.kind !== "string") throw fail("the pending version has no text value");
  if (current.value.kind !== "string") throw fail("the current version has no text value");
  // The same rules a rotation would apply: a tag weaker than the floors fails the test too.
  passwordPolicy(context);
  const pendingValue = parseValue(pending.value.text);
  if (pendingValue.kind !== parseValue(current.value.text).kind) {
    throw fail("the pending value's format differs from the current one");
  }
  if (pendingValue.kind === "text") {
    const problem = freshValueProblem(context, pending.value.text);
    if (problem) throw fail(`the pending value ${problem}`);
    return;
  }
  const key = rotatedKey(context, pendingValue.object);
  const problem = freshValueProblem(context, pendingValue.object[key]);
  if (problem) throw fail(`the pending value's "${key}" ${problem}`);
}

/**
 * @example
 * export const handler = createRotationHandler(() => genericStrategy());
 */
export function genericStrategy(): RotationStrategy {
  return { name: "generic", createSecret, setSecret, testSecret };
}
