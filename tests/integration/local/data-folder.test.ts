/**
 * The data folder on disk: private modes (folder 0700, files 0600, a loud warning for an existing folder
 * others can open), and no removed value left in any of its files: secure_delete zeroes rows in the
 * database pages and the WAL is checkpointed and truncated after every change that removed values
 * (a force delete, the purge after a recovery window, a pruned version, a reset).
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
} from "@aws-sdk/client-secrets-manager";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { startCli } from "../../support/cli-process";
import { localClient } from "../../support/client";
import { startTestEndpoint, type TestEndpoint } from "../../support/endpoint";
import { rememberTestSecret } from "../../support/redaction-registry";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});
const tempRoot = () => {
  const root = mkdtempSync(join(tmpdir(), "local-data-folder-"));
  roots.push(root);
  return root;
};
const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

/** A value no file holds by chance: 24 random bytes in hex, registered for the redaction check. */
const uniqueValue = () => rememberTestSecret(`v-${randomBytes(24).toString("hex")}`);

/** The files of `dir` (names) whose bytes contain `value`. */
function filesHolding(dir: string, value: string): string[] {
  const needle = Buffer.from(value, "utf8");
  return readdirSync(dir).filter((name) => {
    const path = join(dir, name);
    return statSync(path).isFile() && readFileSync(path).includes(needle);
  });
}

describe("data folder modes", () => {
  it("makes a new folder 0700 and the database, WAL and shared-memory files 0600", async () => {
    const dir = join(tempRoot(), "nested", "data");
    const cli = await startCli(["--data", dir, "--quiet"]);
    const client = localClient(cli.url);
    try {
      await client.send(new CreateSecretCommand({ Name: "modes/one", SecretString: uniqueValue() }));
      expect(modeOf(dir)).toBe("700");
      expect(readdirSync(dir).sort()).toEqual(["secrets.db", "secrets.db-shm", "secrets.db-wal"]);
      for (const name of readdirSync(dir)) expect([name, modeOf(join(dir, name))]).toEqual([name, "600"]);
      expect(cli.stderr()).not.toContain("WARNING");
    } finally {
      client.destroy();
      await cli.stop();
    }
  });

  it("warns loudly, even with --quiet, about an existing folder others can open, and makes its files 0600", async () => {
    const dir = join(tempRoot(), "shared");
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    // A data file as the earlier versions left it: readable by everyone.
    new Database(join(dir, "secrets.db")).close();
    chmodSync(join(dir, "secrets.db"), 0o644);
    const cli = await startCli(["--data", dir, "--quiet"]);
    try {
      expect(cli.stderr()).toMatch(
        /^WARNING: the data folder .*shared is open to other users \(mode 0755\)/m,
      );
      expect(cli.stderr()).toContain(`chmod 700 ${dir}`);
      expect(modeOf(dir)).toBe("755");
      expect(modeOf(join(dir, "secrets.db"))).toBe("600");
    } finally {
      await cli.stop();
    }
  });
});

describe("removed values are gone from the folder's files", () => {
  let dir: string;
  let local: TestEndpoint;
  beforeEach(async () => {
    dir = join(tempRoot(), "data");
    local = await startTestEndpoint({ dataDir: dir });
  });
  afterEach(async () => {
    await local.close();
  });

  /** Creates a secret with three versions; returns their values. */
  const secretWithVersions = async (name: string) => {
    const values = [uniqueValue(), uniqueValue(), uniqueValue()];
    await local.client.send(new CreateSecretCommand({ Name: name, SecretString: values[0] }));
    for (const value of values.slice(1))
      await local.client.send(new PutSecretValueCommand({ SecretId: name, SecretString: value }));
    return values;
  };

  it("stores values in clear (so the scan below would see one that stayed)", async () => {
    const [value] = await secretWithVersions("clear/kept");
    expect(filesHolding(dir, value as string).length).toBeGreaterThan(0);
  });

  it("leaves no byte of a force-deleted secret's values in any file", async () => {
    const removed = await secretWithVersions("gone/forced");
    const kept = await secretWithVersions("gone/kept");
    await local.client.send(
      new DeleteSecretCommand({ SecretId: "gone/forced", ForceDeleteWithoutRecovery: true }),
    );
    for (const value of removed) expect(filesHolding(dir, value)).toEqual([]);
    // The other secret is untouched, and the endpoint keeps serving from the checkpointed file.
    expect(filesHolding(dir, kept[2] as string).length).toBeGreaterThan(0);
    const current = await local.client.send(new GetSecretValueCommand({ SecretId: "gone/kept" }));
    expect(current.SecretString === kept[2]).toBe(true);
  });

  it("leaves no byte of a secret purged after its recovery window", async () => {
    const removed = await secretWithVersions("gone/window");
    await local.client.send(new DeleteSecretCommand({ SecretId: "gone/window", RecoveryWindowInDays: 7 }));
    await local.control("clock", { advanceSeconds: 8 * 86_400 });
    // The purge runs before the next call.
    await local.control("health", undefined, "GET");
    for (const value of removed) expect(filesHolding(dir, value)).toEqual([]);
  });

  it("leaves no byte of a version pruned beyond the 100 a secret keeps", async () => {
    const [oldest] = await secretWithVersions("gone/pruned");
    // Versions younger than a day are never pruned: age these, then go past 100 versions.
    await local.control("clock", { advanceSeconds: 2 * 86_400 });
    for (let i = 0; i < 100; i += 1)
      await local.client.send(
        new PutSecretValueCommand({ SecretId: "gone/pruned", SecretString: `filler-${i}` }),
      );
    expect(filesHolding(dir, oldest as string)).toEqual([]);
  });

  it("leaves no value in any file after a reset", async () => {
    const removed = [
      ...(await secretWithVersions("gone/reset-a")),
      ...(await secretWithVersions("gone/reset-b")),
    ];
    await local.control("reset");
    for (const value of removed) expect(filesHolding(dir, value)).toEqual([]);
    expect(statSync(join(dir, "secrets.db-wal")).size).toBe(0);
  });
});
