/**
 * Reads a redaction run folder (see redaction-registry.ts): every registered secret against every captured
 * log line. A leak is reported by file, line number and a fingerprint of the value, never the value.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface Leak {
  file: string;
  line: number;
  /** `sha256:<12 hex> (<length> chars)`: enough to find the test that registered it, not the value. */
  fingerprint: string;
}

export interface ScanResult {
  secrets: number;
  files: number;
  lines: number;
  leaks: Leak[];
}

export function fingerprint(value: string): string {
  return `sha256:${createHash("sha256").update(value).digest("hex").slice(0, 12)} (${value.length} chars)`;
}

function readSecrets(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const values = new Set<string>();
  for (const name of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, name), "utf8").split("\n")) {
      if (line.trim() === "") continue;
      try {
        const value = JSON.parse(line) as unknown;
        if (typeof value === "string") values.add(value);
      } catch {
        // A line cut short by a killed worker: nothing to check.
      }
    }
  }
  return [...values];
}

/** Every form a value takes in a log line: as is, and escaped inside a JSON string. */
function forms(value: string): string[] {
  const escaped = JSON.stringify(value).slice(1, -1);
  return escaped === value ? [value] : [value, escaped];
}

export function scanRunDir(runDir: string): ScanResult {
  const secrets = readSecrets(join(runDir, "secrets"));
  const logDir = join(runDir, "logs");
  const files = existsSync(logDir) ? readdirSync(logDir) : [];
  const needles = secrets.map((value) => ({ value, forms: forms(value) }));
  const leaks: Leak[] = [];
  let lines = 0;
  for (const name of files) {
    const text = readFileSync(join(logDir, name), "utf8");
    const fileLines = text.split("\n");
    lines += fileLines.length;
    for (const needle of needles) {
      if (!needle.forms.some((form) => text.includes(form))) continue;
      fileLines.forEach((line, index) => {
        if (needle.forms.some((form) => line.includes(form)))
          leaks.push({ file: name, line: index + 1, fingerprint: fingerprint(needle.value) });
      });
    }
  }
  return { secrets: secrets.length, files: files.length, lines, leaks };
}
