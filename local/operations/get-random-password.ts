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

/**
 * A password from crypto.randomInt. With RequireEachIncludedType, one character of every included class
 * (that still has characters after ExcludeCharacters) is placed first, then the whole is shuffled.
 */
function generatePassword(options: PasswordOptions): string {
  const excluded = new Set(options.exclude);
  const included: string[] = [];
  const add = (on: boolean, characters: string) => {
    const kept = [...characters].filter((character) => !excluded.has(character)).join("");
    if (on && kept !== "") included.push(kept);
  };
  add(!options.excludeLowercase, CHARACTER_CLASSES.lowercase);
  add(!options.excludeUppercase, CHARACTER_CLASSES.uppercase);
  add(!options.excludeNumbers, CHARACTER_CLASSES.numbers);
  add(!options.excludePunctuation, CHARACTER_CLASSES.punctuation);
  add(options.includeSpace, CHARACTER_CLASSES.space);
  const pool = included.join("");
  if (pool === "") throw invalidParameter("The password can't be generated: every character is excluded.");
  const pick = (characters: string) => characters.charAt(randomInt(characters.length));
  const characters: string[] = [];
  if (options.requireEachIncludedType) {
    if (included.length > options.length)
      throw invalidParameter(
        "The PasswordLength is too short to include one character of each required type.",
      );
    for (const characterClass of included) characters.push(pick(characterClass));
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
