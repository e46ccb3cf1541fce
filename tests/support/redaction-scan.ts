/**
 * Reads a redaction run folder (see redaction-registry.ts): every registered secret against every captured
 * log line. A leak is reported by file, line number and a fingerprint of the value, never the value.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MIN_SECRET_LENGTH } from "./redaction-registry";

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

/** The values registered in a folder of the run (`secrets`, or `exempt`: see `exemptFromRedactionCheck`). */
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

/** Length of the window every line is read through; no registered value is shorter (MIN_SECRET_LENGTH). */
const WINDOW = MIN_SECRET_LENGTH;

/** The forms of every value, indexed by their first WINDOW characters. */
function indexForms(secrets: string[]): Map<string, { value: string; form: string }[]> {
  const index = new Map<string, { value: string; form: string }[]>();
  for (const value of secrets) {
    for (const form of forms(value)) {
      const key = form.slice(0, WINDOW);
      const list = index.get(key);
      if (list) list.push({ value, form });
      else index.set(key, [{ value, form }]);
    }
  }
  return index;
}

/**
 * Each line is read once through a WINDOW-character window looked up in the index, so the scan costs the
 * size of the logs, not logs × values (a long run registers 100,000 values over 50 MB of logs).
 */
export function scanRunDir(runDir: string): ScanResult {
  const exempt = new Set(readSecrets(join(runDir, "exempt")));
  const secrets = readSecrets(join(runDir, "secrets")).filter(
    (value) => value.length >= WINDOW && !exempt.has(value),
  );
  const index = indexForms(secrets);
  const publicTexts = readSecrets(join(runDir, "public")).flatMap(forms);
  const logDir = join(runDir, "logs");
  const files = existsSync(logDir) ? readdirSync(logDir) : [];
  const leaks: Leak[] = [];
  let lines = 0;
  for (const name of files) {
    const fileLines = readFileSync(join(logDir, name), "utf8").split("\n");
    lines += fileLines.length;
    fileLines.forEach((line, lineIndex) => {
      const found = new Set<string>();
      for (let at = 0; at + WINDOW <= line.length; at += 1) {
        for (const { value, form } of index.get(line.slice(at, at + WINDOW)) ?? []) {
          if (
            !found.has(value) &&
            line.startsWith(form, at) &&
            !insidePublicText(line, at, form, publicTexts)
          )
            found.add(value);
        }
      }
      for (const value of found)
        leaks.push({ file: name, line: lineIndex + 1, fingerprint: fingerprint(value) });
    });
  }
  return { secrets: secrets.length, files: files.length, lines, leaks };
}

/** Whether the occurrence of `form` at `at` lies inside an occurrence of a public text (markPublicText). */
function insidePublicText(line: string, at: number, form: string, publicTexts: readonly string[]): boolean {
  for (const text of publicTexts) {
    if (text.length < form.length || !text.includes(form)) continue;
    for (let start = line.indexOf(text, Math.max(0, at + form.length - text.length)); start !== -1; ) {
      if (start > at) break;
      if (start + text.length >= at + form.length) return true;
      start = line.indexOf(text, start + 1);
    }
  }
  return false;
}
