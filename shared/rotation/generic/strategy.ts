/**
 * The generic strategy, for values that whatever uses them checks by reading the secret (an API key, a
 * token): createSecret replaces one key of the JSON value (or a plain-text value whole), setSecret has
 * nothing to tell anyone, testSecret checks the pending value's shape.
 */
import { RotationErrorCodes, StrategyError } from "../errors.js";
import { passwordPolicy, tagsOf } from "../password-policy.js";
import { storePendingOnce } from "../pending.js";
import type { RotationStrategy, StepContext } from "../types.js";
import { readPending, readStage } from "../versions.js";
import { fitsFreshValue, freshValue } from "./api-tokens.js";

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

/** The key that is rotated: the `rotation:key` tag, else `password`, or `token` when only that exists. */
function rotatedKey(context: Pick<StepContext, "description">, object: Record<string, unknown>): string {
  const tagged = tagsOf(context)[ROTATION_KEY_TAG];
  if (tagged) return tagged;
  return !Object.hasOwn(object, "password") && Object.hasOwn(object, "token") ? "token" : "password";
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

async function testSecret(context: StepContext): Promise<void> {
  const [pending, current] = [await readPending(context), await readStage(context, "AWSCURRENT")];
  const fail = (why: string) => new StrategyError(RotationErrorCodes.TestFailed, why);
  if (pending?.value.kind !== "string") throw fail("the pending version has no text value");
  if (current.value.kind !== "string") throw fail("the current version has no text value");
  const policy = passwordPolicy(context);
  const pendingValue = parseValue(pending.value.text);
  const currentValue = parseValue(current.value.text);
  if (pendingValue.kind !== currentValue.kind)
    throw fail("the pending value's format differs from the current one");
  if (pendingValue.kind === "text" || currentValue.kind === "text") {
    if (!fitsFreshValue(context, pending.value.text, policy))
      throw fail("the pending value does not fit the password policy");
    return;
  }
  const key = rotatedKey(context, currentValue.object);
  const fresh = pendingValue.object[key];
  const sameKeys =
    Object.keys(pendingValue.object).sort().join("\n") ===
    [...new Set([...Object.keys(currentValue.object), key])].sort().join("\n");
  if (!sameKeys) throw fail("the pending value's keys differ from the current one's");
  if (typeof fresh !== "string" || !fitsFreshValue(context, fresh, policy)) {
    throw fail(`the pending value's "${key}" does not fit the password policy`);
  }
}

/**
 * @example
 * export const handler = createRotationHandler(() => genericStrategy());
 */
export function genericStrategy(): RotationStrategy {
  return { name: "generic", createSecret, setSecret, testSecret };
}
