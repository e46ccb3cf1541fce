/**
 * How new passwords are made: GetRandomPassword with a length and excluded characters. The floors come
 * from the function's configuration (`PASSWORD_LENGTH`, default 32; `EXCLUDE_CHARACTERS`, default none),
 * which the deployment writes. A secret's tags (`rotation:password-length`,
 * `rotation:exclude-characters`), which any caller of the secrets API may write, can only make the policy
 * stricter: a length below the floor is refused, excluded characters add to the configured ones, and the
 * result must keep at least the randomness of the floor (length × log2 of the characters left), so that
 * "40 characters, digits only" cannot stand in for 32 of GetRandomPassword's 94.
 */
import { getRandomPassword } from "../secrets/rotation.js";
import { RotationErrorCodes, StrategyError } from "./errors.js";
import { DEFAULT_PASSWORD_LENGTH, rotationSettings } from "./settings.js";
import type { StepContext } from "./types.js";

export const PASSWORD_LENGTH_TAG = "rotation:password-length";
export const EXCLUDE_CHARACTERS_TAG = "rotation:exclude-characters";

/** What GetRandomPassword draws from by default: letters, digits and its 32 punctuation characters. */
const ALPHABET = `ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!"#$%&'()*+,-./:;<=>?@[\\]^_\`{|}~`;

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

/** Bits of randomness of `length` characters drawn from the alphabet without `excluded`. */
function bits(length: number, excluded: string): number {
  const left = [...ALPHABET].filter((c) => !excluded.includes(c)).length;
  return left === 0 ? 0 : length * Math.log2(left);
}

const weaker = (why: string) => new StrategyError(RotationErrorCodes.NotAllowed, why);

/**
 * @example
 * passwordPolicy(context, process.env) // { length: 32, excludeCharacters: "" }
 */
export function passwordPolicy(
  context: Pick<StepContext, "description">,
  env: NodeJS.ProcessEnv = process.env,
): PasswordPolicy {
  const settings = rotationSettings(env);
  const floor: PasswordPolicy = {
    length: settings.passwordLength
      ? parseLength(settings.passwordLength, "PASSWORD_LENGTH")
      : DEFAULT_PASSWORD_LENGTH,
    excludeCharacters: settings.excludeCharacters,
  };
  if (bits(floor.length, floor.excludeCharacters) === 0) {
    throw weaker("EXCLUDE_CHARACTERS leaves no character to make passwords of");
  }
  const tags = tagsOf(context);
  const lengthTag = tags[PASSWORD_LENGTH_TAG];
  const length =
    lengthTag !== undefined ? parseLength(lengthTag, `tag ${PASSWORD_LENGTH_TAG}`) : floor.length;
  if (length < floor.length) {
    throw weaker(
      `the tag ${PASSWORD_LENGTH_TAG} asks for ${length} characters, below the floor of ${floor.length} (PASSWORD_LENGTH)`,
    );
  }
  const excludeTag = tags[EXCLUDE_CHARACTERS_TAG] ?? "";
  const excludeCharacters = [...new Set([...floor.excludeCharacters, ...excludeTag])].join("");
  if (bits(length, excludeCharacters) < bits(floor.length, floor.excludeCharacters)) {
    throw weaker(
      `the tag ${EXCLUDE_CHARACTERS_TAG} leaves too few characters: ${length} of them are weaker than the floor of ${floor.length} (PASSWORD_LENGTH, EXCLUDE_CHARACTERS)`,
    );
  }
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
