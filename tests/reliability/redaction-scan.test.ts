/** The suite-wide redaction check finds a registered value in a captured line, raw or JSON-escaped, and names no value. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  captureLogLine,
  markPublicText,
  RUN_DIR_ENV,
  rememberTestSecret,
} from "../support/redaction-registry";
import { scanRunDir } from "../support/redaction-scan";

describe("redaction scan", () => {
  let runDir: string;
  let previous: string | undefined;
  beforeEach(() => {
    previous = process.env[RUN_DIR_ENV];
    runDir = mkdtempSync(join(tmpdir(), "redaction-scan-test-"));
    process.env[RUN_DIR_ENV] = runDir;
  });
  afterEach(() => {
    if (previous === undefined) delete process.env[RUN_DIR_ENV];
    else process.env[RUN_DIR_ENV] = previous;
    rmSync(runDir, { recursive: true, force: true });
  });

  it("passes clean logs and ignores values too short to search", () => {
    rememberTestSecret("s3cr3t-value-clean");
    rememberTestSecret("short");
    captureLogLine("unit", '{"message":"secret read","name":"app/db"}');
    captureLogLine("unit", "short lines mention short words");
    expect(scanRunDir(runDir)).toMatchObject({ secrets: 1, files: 1, leaks: [] });
  });

  it("reports a raw and a JSON-escaped leak by file, line and fingerprint only", () => {
    const quoted = 'pa"ss\\word-with-quotes';
    rememberTestSecret("plain-leaked-value");
    rememberTestSecret(quoted);
    captureLogLine("harness a", "ok line");
    captureLogLine("harness a", "oops plain-leaked-value here");
    captureLogLine("other", JSON.stringify({ message: "bad", value: quoted }));
    const { leaks } = scanRunDir(runDir);
    expect(leaks).toHaveLength(2);
    expect(leaks.map((leak) => leak.line).sort()).toEqual([1, 2]);
    for (const leak of leaks) {
      expect(leak.file).toMatch(/^(harness_a|other)-\d+\.log$/);
      expect(leak.fingerprint).toMatch(/^sha256:[0-9a-f]{12} \(\d+ chars\)$/);
      expect(JSON.stringify(leak)).not.toContain("leaked-value");
    }
  });

  it("excuses a value seen only inside a public name, and still reports it anywhere else", () => {
    rememberTestSecret("prototype");
    markPublicText("app/Rprototype");
    captureLogLine("fuzz", JSON.stringify({ kind: "audit", secretName: "app/Rprototype" }));
    captureLogLine(
      "fuzz",
      JSON.stringify({ kind: "audit", secretName: "app/Rprototype", cause: "prototype" }),
    );
    captureLogLine("fuzz", JSON.stringify({ secretName: "app/prototypeX" }));
    const { leaks } = scanRunDir(runDir);
    expect(leaks.map((leak) => leak.line)).toEqual([2, 3]);
  });

  it("does nothing without a run folder", () => {
    delete process.env[RUN_DIR_ENV];
    expect(() => {
      rememberTestSecret("no-run-folder-value");
      captureLogLine("x", "no-run-folder-value");
    }).not.toThrow();
  });
});
