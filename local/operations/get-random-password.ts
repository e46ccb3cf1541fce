import { randomInt } from "node:crypto";
import { invalidParameter } from "../core/errors";
import type { Operation } from "./context";
import { type Input, optionalBoolean, optionalInteger, optionalString } from "./validation";

export const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

const CHARACTER_CLASSES = {
  lowercase: "abcdefghijklmnopqrstuvwxyz",
  uppercase: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  numbers: "0123456789",
  punctuation: PUNCTUATION,
  space: " ",
} as const;

export interface PasswordOptions {
  length: number;
  exclude: string;
  excludeNumbers: boolean;
  excludePunctuation: boolean;
  excludeUppercase: boolean;
  excludeLowercase: boolean;
  includeSpace: boolean;
  requireEachIncludedType: boolean;
}

function readPasswordOptions(input: Input): PasswordOptions {
  return {
    length: optionalInteger(input, "PasswordLength", { min: 1, max: 4096 }) ?? 32,
    exclude: optionalString(input, "ExcludeCharacters", { max: 4096 }) ?? "",
    excludeNumbers: optionalBoolean(input, "ExcludeNumbers") ?? false,
    excludePunctuation: optionalBoolean(input, "ExcludePunctuation") ?? false,
    excludeUppercase: optionalBoolean(input, "ExcludeUppercase") ?? false,
    excludeLowercase: optionalBoolean(input, "ExcludeLowercase") ?? false,
    includeSpace: optionalBoolean(input, "IncludeSpace") ?? false,
    requireEachIncludedType: optionalBoolean(input, "RequireEachIncludedType") ?? true,
  };
}

export const TOO_SHORT = "Password length is too short based on the required types.";

/**
 * A password from crypto.randomInt. With RequireEachIncludedType (the default), one character of every
 * required type that still has characters after ExcludeCharacters (lowercase, uppercase, numbers,
 * punctuation: AWS's documented four; a space is allowed by IncludeSpace, never required) is placed
 * first, then the whole is shuffled; a PasswordLength below the number of required types is refused.
 */
function generatePassword(options: PasswordOptions): string {
  const excluded = new Set(options.exclude);
  const kept = (characters: string) =>
    [...characters].filter((character) => !excluded.has(character)).join("");
  const required = [
    options.excludeLowercase ? "" : kept(CHARACTER_CLASSES.lowercase),
    options.excludeUppercase ? "" : kept(CHARACTER_CLASSES.uppercase),
    options.excludeNumbers ? "" : kept(CHARACTER_CLASSES.numbers),
    options.excludePunctuation ? "" : kept(CHARACTER_CLASSES.punctuation),
  ].filter((characters) => characters !== "");
  const pool = required.join("") + (options.includeSpace ? kept(CHARACTER_CLASSES.space) : "");
  if (pool === "") throw invalidParameter("The password can't be generated: every character is excluded.");
  const pick = (characters: string) => characters.charAt(randomInt(characters.length));
  const characters: string[] = [];
  if (options.requireEachIncludedType) {
    if (required.length > options.length) throw invalidParameter(TOO_SHORT);
    for (const characterClass of required) characters.push(pick(characterClass));
  }
  while (characters.length < options.length) characters.push(pick(pool));
  for (let i = characters.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [characters[i], characters[j]] = [characters[j] as string, characters[i] as string];
  }
  return characters.join("");
}

export const getRandomPassword: Operation = (_context, input) => ({
  RandomPassword: generatePassword(readPasswordOptions(input)),
});
