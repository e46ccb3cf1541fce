import { invalidParameter, serialization, validation } from "../core/errors";

/**
 * Readers for request fields. AWS's JSON protocol ignores members it does not know, answers
 * SerializationException when a member has the wrong JSON type, and ValidationException (Smithy
 * constraints: length, range, pattern) before the operation itself runs. Messages name the field in
 * AWS's lowerCamel form and never repeat the value (it may be a secret).
 */
export type Input = Readonly<Record<string, unknown>>;

export function asInput(input: unknown): Input {
  if (input === undefined || input === null) return {};
  if (typeof input !== "object" || Array.isArray(input)) throw serialization("request body", "a JSON object");
  return input as Input;
}

const wireName = (field: string) => field.charAt(0).toLowerCase() + field.slice(1);

interface StringRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
}

function checkString(field: string, value: string, rule: StringRule): string {
  if (rule.min !== undefined && value.length < rule.min)
    throw validation(wireName(field), `Member must have length greater than or equal to ${rule.min}`);
  if (rule.max !== undefined && value.length > rule.max)
    throw validation(wireName(field), `Member must have length less than or equal to ${rule.max}`);
  if (rule.pattern && !rule.pattern.test(value))
    throw validation(
      wireName(field),
      `Member must satisfy regular expression pattern: ${rule.pattern.source}`,
    );
  return value;
}

export function optionalString(input: Input, field: string, rule: StringRule = {}): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw serialization(field, "a string");
  return checkString(field, value, rule);
}

export function requiredString(input: Input, field: string, rule: StringRule = {}): string {
  const value = optionalString(input, field, rule);
  if (value === undefined) throw validation(wireName(field), "Member must not be null");
  return value;
}

export function optionalBoolean(input: Input, field: string): boolean | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw serialization(field, "a boolean");
  return value;
}

export function optionalInteger(input: Input, field: string, range: { min?: number; max?: number } = {}) {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) throw serialization(field, "an integer");
  if (range.min !== undefined && value < range.min)
    throw validation(wireName(field), `Member must have value greater than or equal to ${range.min}`);
  if (range.max !== undefined && value > range.max)
    throw validation(wireName(field), `Member must have value less than or equal to ${range.max}`);
  return value;
}

export function optionalList(input: Input, field: string, range: { min?: number; max?: number } = {}) {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw serialization(field, "a list");
  if (range.min !== undefined && value.length < range.min)
    throw validation(wireName(field), `Member must have length greater than or equal to ${range.min}`);
  if (range.max !== undefined && value.length > range.max)
    throw validation(wireName(field), `Member must have length less than or equal to ${range.max}`);
  return value as unknown[];
}

export function optionalStringList(
  input: Input,
  field: string,
  range: { min?: number; max?: number } = {},
  item: StringRule = {},
): string[] | undefined {
  const list = optionalList(input, field, range);
  if (!list) return undefined;
  return list.map((entry) => {
    if (typeof entry !== "string") throw serialization(field, "a list of strings");
    return checkString(field, entry, item);
  });
}

export function objectItem(field: string, entry: unknown): Input {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry))
    throw serialization(field, "a list of objects");
  return entry as Input;
}

export function optionalObject(input: Input, field: string): Input | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw serialization(field, "an object");
  return value as Input;
}

// --- shared field rules ---

/** Letters, digits and /_+=.@- (AWS's documented name characters). */
const NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]+$/;

export function secretName(input: Input, field = "Name"): string {
  const name = requiredString(input, field, { min: 1, max: 512 });
  if (!NAME_PATTERN.test(name))
    throw invalidParameter(
      "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!",
    );
  return name;
}

export const secretId = (input: Input) => requiredString(input, "SecretId", { min: 1, max: 2048 });

export const description = (input: Input) => optionalString(input, "Description", { max: 2048 });

export const kmsKeyId = (input: Input) => optionalString(input, "KmsKeyId", { max: 2048 });

export const clientRequestToken = (input: Input) =>
  optionalString(input, "ClientRequestToken", { min: 32, max: 64 });

export const versionId = (input: Input, field: string) => optionalString(input, field, { min: 32, max: 64 });

export const STAGE_RULE: StringRule = { min: 1, max: 256 };

export function versionStages(input: Input): string[] | undefined {
  return optionalStringList(input, "VersionStages", { min: 1, max: 20 }, STAGE_RULE);
}

export const MAX_RESULTS = { min: 1, max: 100 };
