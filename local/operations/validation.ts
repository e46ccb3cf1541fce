import {
  invalidName,
  invalidParameter,
  invalidRequest,
  serialization,
  TOKEN_LENGTH,
  TOKEN_REQUIRED,
  validation,
} from "../core/errors";

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

export interface StringRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
}

function checkString(field: string, value: string, rule: StringRule): string {
  return checkStringAt(wireName(field), value, rule);
}

/** Checks a string's length and pattern; `path` names it in the message as AWS does (`filters.1.member.key`). */
export function checkStringAt(path: string, value: string, rule: StringRule): string {
  if (rule.min !== undefined && value.length < rule.min)
    throw validation(path, `Member must have length greater than or equal to ${rule.min}`);
  if (rule.max !== undefined && value.length > rule.max)
    throw validation(path, `Member must have length less than or equal to ${rule.max}`);
  if (rule.pattern && !rule.pattern.test(value))
    throw validation(path, `Member must satisfy regular expression pattern: ${rule.pattern.source}`);
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

/** A secret's name as CreateSecret reads it: 1-512 characters (`checkName` then checks the characters). */
export const nameField = (input: Input, field = "Name") => requiredString(input, field, { min: 1, max: 512 });

/** AWS's name characters, checked after the request was read (an invalid name is a ValidationException). */
export function checkName(name: string): string {
  if (!NAME_PATTERN.test(name)) throw invalidName();
  return name;
}

/** A SecretId as read: 1-2048 characters (`checkSecretId` then checks a non-ARN id's characters). */
export const secretIdField = (input: Input) => requiredString(input, "SecretId", { min: 1, max: 2048 });

/**
 * A SecretId: 1-2048 characters; one that is not an ARN must be a valid name, as AWS checks before it
 * looks the secret up (an invalid name is a ValidationException, not "can't find").
 */
export const secretId = (input: Input) => checkSecretId(secretIdField(input));

/** The SecretId rule for one id (BatchGetSecretValue checks each entry of its list with it). */
export function checkSecretId(id: string): string {
  if (!id.startsWith("arn:") && !NAME_PATTERN.test(id)) throw invalidName();
  return id;
}

export const description = (input: Input) => optionalString(input, "Description", { max: 2048 });

export const kmsKeyId = (input: Input) => optionalString(input, "KmsKeyId", { max: 2048 });

/** ClientRequestToken as read (a string when present); `checkClientRequestToken` applies AWS's rules. */
export const clientRequestTokenField = (input: Input) => optionalString(input, "ClientRequestToken");

/**
 * AWS's ClientRequestToken rules, checked once the request was read: where the operation makes a
 * version it is `required` (the SDKs and CLIs fill it in, being an idempotency token; a raw request
 * without it is refused); when given it has 32-64 characters (InvalidParameterException, not Smithy's
 * ValidationException).
 */
export function checkClientRequestToken(token: string | undefined, required: true): string;
export function checkClientRequestToken(token: string | undefined, required: boolean): string | undefined;
export function checkClientRequestToken(token: string | undefined, required: boolean): string | undefined {
  if (token === undefined) {
    if (required) throw invalidRequest(TOKEN_REQUIRED);
    return undefined;
  }
  if (token.length < 32 || token.length > 64) throw invalidParameter(TOKEN_LENGTH);
  return token;
}

export const versionId = (input: Input, field: string) => optionalString(input, field, { min: 32, max: 64 });

export const STAGE_RULE: StringRule = { min: 1, max: 256 };

export function versionStages(input: Input): string[] | undefined {
  return optionalStringList(input, "VersionStages", { min: 1, max: 20 }, STAGE_RULE);
}

export const MAX_RESULTS = { min: 1, max: 100 };
