/**
 * How new passwords are made: GetRandomPassword with a length and excluded characters taken from the
 * secret's tags (`rotation:password-length`, `rotation:exclude-characters`), else from the function's
 * environment (`PASSWORD_LENGTH`, `EXCLUDE_CHARACTERS`), else 32 characters with nothing excluded:
 * every step quotes what it sends, so no character needs to be kept out.
 */
import { getRandomPassword } from "../secrets/rotation.js";
import { RotationErrorCodes, StrategyError } from "./errors.js";
import type { StepContext } from "./types.js";

export const PASSWORD_LENGTH_TAG = "rotation:password-length";
export const EXCLUDE_CHARACTERS_TAG = "rotation:exclude-characters";
export const DEFAULT_PASSWORD_LENGTH = 32;

export interface PasswordPolicy {
  length: number;
  excludeCharacters: string;
}

/** The secret's tags as a record (DescribeSecret answers a list). */
export function tagsOf(context: Pick<StepContext, "description">): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const tag of context.description.Tags ?? []) {
    if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? "";
  }
  return tags;
}

function parseLength(text: string, where: string): number {
  const length = Number(text);
  if (!Number.isInteger(length) || length < 8 || length > 4096) {
    throw new StrategyError(RotationErrorCodes.InvalidSecret, `${where} must be an integer from 8 to 4096`);
  }
  return length;
}

/**
 * @example
 * passwordPolicy(context, process.env) // { length: 32, excludeCharacters: "" }
 */
export function passwordPolicy(
  context: Pick<StepContext, "description">,
  env: NodeJS.ProcessEnv = process.env,
): PasswordPolicy {
  const tags = tagsOf(context);
  const lengthTag = tags[PASSWORD_LENGTH_TAG];
  const length =
    lengthTag !== undefined
      ? parseLength(lengthTag, `tag ${PASSWORD_LENGTH_TAG}`)
      : env.PASSWORD_LENGTH
        ? parseLength(env.PASSWORD_LENGTH, "PASSWORD_LENGTH")
        : DEFAULT_PASSWORD_LENGTH;
  const excludeCharacters = tags[EXCLUDE_CHARACTERS_TAG] ?? env.EXCLUDE_CHARACTERS ?? "";
  return { length, excludeCharacters };
}

/** A new password under the secret's policy, registered for redaction by `getRandomPassword`. */
export async function newPassword(context: StepContext): Promise<string> {
  const policy = passwordPolicy(context);
  return getRandomPassword(
    {
      length: policy.length,
      ...(policy.excludeCharacters ? { excludeCharacters: policy.excludeCharacters } : {}),
    },
    { client: context.client },
  );
}

/** Whether `password` could have come from `policy` (testSecret of the generic strategy). */
export function fitsPolicy(password: string, policy: PasswordPolicy): boolean {
  return (
    password.length === policy.length && ![...policy.excludeCharacters].some((c) => password.includes(c))
  );
}
