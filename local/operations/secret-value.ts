import { invalidParameter, serialization, validation } from "../core/errors";
import type { VersionRow } from "../store/rows";
import type { Input } from "./validation";

export const MAX_SECRET_BYTES = 65_536;

export type SecretValue = { kind: "string"; text: string } | { kind: "binary"; bytes: Buffer };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Reads SecretString or SecretBinary (base64 on the wire); at most one, each 1 to 65,536 bytes. */
export function readSecretValue(input: Input): SecretValue | undefined {
  const text = input.SecretString;
  const binary = input.SecretBinary;
  const hasText = text !== undefined && text !== null;
  const hasBinary = binary !== undefined && binary !== null;
  if (hasText && typeof text !== "string") throw serialization("SecretString", "a string");
  if (hasBinary && typeof binary !== "string") throw serialization("SecretBinary", "a base64 string");
  if (hasText && hasBinary)
    throw invalidParameter(
      "You can't specify both a binary secret value and a string secret value in the same secret.",
    );
  if (typeof text === "string") {
    if (text === "") throw validation("secretString", "Member must have length greater than or equal to 1");
    if (Buffer.byteLength(text, "utf8") > MAX_SECRET_BYTES)
      throw validation("secretString", `Member must have length less than or equal to ${MAX_SECRET_BYTES}`);
    return { kind: "string", text };
  }
  if (typeof binary === "string") {
    const compact = binary.replace(/\s+/g, "");
    if (compact.length % 4 === 1 || !BASE64.test(compact))
      throw serialization("SecretBinary", "a base64 string");
    const bytes = Buffer.from(compact, "base64");
    if (bytes.length === 0)
      throw validation("secretBinary", "Member must have length greater than or equal to 1");
    if (bytes.length > MAX_SECRET_BYTES)
      throw validation("secretBinary", `Member must have length less than or equal to ${MAX_SECRET_BYTES}`);
    return { kind: "binary", bytes };
  }
  return undefined;
}

/** False only for the version RotateSecret makes before createSecret has put its value. */
export const hasValue = (version: VersionRow): boolean =>
  version.secret_string !== null || version.secret_binary !== null;

export function sameValue(version: VersionRow, value: SecretValue): boolean {
  if (value.kind === "string") return version.secret_string === value.text;
  return version.secret_binary !== null && Buffer.compare(version.secret_binary, value.bytes) === 0;
}

export const storedValue = (value: SecretValue) => ({
  secretString: value.kind === "string" ? value.text : null,
  secretBinary: value.kind === "binary" ? value.bytes : null,
});

export function valueToWire(version: VersionRow): { SecretString?: string; SecretBinary?: string } {
  if (version.secret_binary !== null) return { SecretBinary: version.secret_binary.toString("base64") };
  if (version.secret_string !== null) return { SecretString: version.secret_string };
  return {};
}
