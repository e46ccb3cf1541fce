/**
 * Data folders made by earlier schemas open under the current one: every secret, version, value, label
 * (in its attach order) and tag is there, and writes go on. Version 1 kept versions and labels in rowid
 * tables (a label's attach order its rowid); version 2 kept labels in a table of their own (attach order
 * in `seq`), where version 3 keeps them on the secret's row with the number of its newest version.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
} from "@aws-sdk/client-secrets-manager";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { startTestEndpoint } from "../../support/endpoint";
import { rememberTestSecret } from "../../support/redaction-registry";

/** The secrets table as schema versions 1 and 2 shipped it, before the labels moved onto its rows. */
const SECRETS_V1_V2 = `
CREATE TABLE secrets (
  id INTEGER PRIMARY KEY, region TEXT NOT NULL, arn TEXT NOT NULL, name TEXT NOT NULL, description TEXT,
  kms_key_id TEXT, owning_service TEXT, created_date REAL NOT NULL, last_changed_date REAL NOT NULL,
  last_accessed_date REAL, deleted_date REAL, deletion_date REAL, rotation_enabled INTEGER NOT NULL DEFAULT 0,
  rotation_lambda_arn TEXT, rotation_rules TEXT, last_rotated_date REAL, next_rotation_date REAL,
  rotation_token TEXT, resource_policy TEXT, primary_id INTEGER REFERENCES secrets(id) ON DELETE CASCADE,
  replica_status TEXT, replica_status_message TEXT, replica_kms_key_id TEXT
);
CREATE UNIQUE INDEX secrets_by_arn ON secrets(region, arn);
CREATE UNIQUE INDEX secrets_by_name ON secrets(region, name);
`;

/** Schema version 1 as it shipped, the tables that changed since. */
const SCHEMA_V1 = `${SECRETS_V1_V2}
CREATE TABLE versions (
  secret_id INTEGER NOT NULL REFERENCES secrets(id) ON DELETE CASCADE, version_id TEXT NOT NULL,
  seq INTEGER NOT NULL, secret_string TEXT, secret_binary BLOB, created_date REAL NOT NULL,
  last_accessed_date REAL, PRIMARY KEY (secret_id, version_id)
);
CREATE INDEX versions_by_seq ON versions(secret_id, seq);
CREATE TABLE stages (
  secret_id INTEGER NOT NULL, stage TEXT NOT NULL, version_id TEXT NOT NULL, PRIMARY KEY (secret_id, stage),
  FOREIGN KEY (secret_id, version_id) REFERENCES versions(secret_id, version_id) ON DELETE CASCADE
);
CREATE INDEX stages_by_version ON stages(secret_id, version_id);
CREATE TABLE tags (
  secret_id INTEGER NOT NULL REFERENCES secrets(id) ON DELETE CASCADE, key TEXT NOT NULL, value TEXT NOT NULL,
  seq INTEGER NOT NULL, PRIMARY KEY (secret_id, key)
);
PRAGMA user_version = 1;
`;

/** Schema version 2 as it shipped, the tables that changed since (versions is as it is now). */
const SCHEMA_V2 = `${SECRETS_V1_V2}
CREATE TABLE versions (
  secret_id INTEGER NOT NULL REFERENCES secrets(id) ON DELETE CASCADE, version_id TEXT NOT NULL,
  seq INTEGER NOT NULL, secret_string TEXT, secret_binary BLOB, created_date REAL NOT NULL,
  last_accessed_date REAL, PRIMARY KEY (secret_id, version_id)
) WITHOUT ROWID;
CREATE TABLE stages (
  secret_id INTEGER NOT NULL, stage TEXT NOT NULL, version_id TEXT NOT NULL, seq INTEGER NOT NULL,
  PRIMARY KEY (secret_id, stage),
  FOREIGN KEY (secret_id, version_id) REFERENCES versions(secret_id, version_id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE TABLE tags (
  secret_id INTEGER NOT NULL REFERENCES secrets(id) ON DELETE CASCADE, key TEXT NOT NULL, value TEXT NOT NULL,
  seq INTEGER NOT NULL, PRIMARY KEY (secret_id, key)
);
PRAGMA user_version = 2;
`;

const ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:old/db-AbCdEf";
/** Version ids as the endpoint makes them (UUIDs: VersionId must be 32-64 characters). */
const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const VALUES = ["old-value-one-1f2e3d", "old-value-two-4c5b6a", "old-value-three-7d8e9f"].map((value) =>
  rememberTestSecret(value),
);

/** Three versions of old/db (the third made last), AWSPENDING attached to v3 before AWSCURRENT. */
function fillOldStore(db: Database.Database, stage: (stage: string, version: string, seq: number) => void) {
  db.prepare(
    "INSERT INTO secrets (id, region, arn, name, created_date, last_changed_date) VALUES (1, 'us-east-1', ?, 'old/db', 1700000000, 1700000000)",
  ).run(ARN);
  VALUES.forEach((value, i) => {
    db.prepare(
      "INSERT INTO versions (secret_id, version_id, seq, secret_string, created_date) VALUES (1, ?, ?, ?, ?)",
    ).run(id(i + 1), i + 1, value, 1700000000 + i);
  });
  // v3 got AWSPENDING first and AWSCURRENT after it: the order the labels are listed in.
  const labels: [string, string][] = [
    ["AWSPREVIOUS", id(2)],
    ["AWSPENDING", id(3)],
    ["AWSCURRENT", id(3)],
    ["custom", id(1)],
  ];
  for (const [i, [name, version]] of labels.entries()) stage(name, version, i + 1);
  db.prepare("INSERT INTO tags (secret_id, key, value, seq) VALUES (1, 'team', 'db', 1)").run();
}

/** What the current schema must show of the old store, and a put after it. */
async function expectOldStoreServed(dir: string): Promise<void> {
  const local = await startTestEndpoint({ dataDir: dir });
  try {
    const described = await local.client.send(new DescribeSecretCommand({ SecretId: "old/db" }));
    expect(described.ARN).toBe(ARN);
    expect(described.Tags).toEqual([{ Key: "team", Value: "db" }]);
    expect(described.VersionIdsToStages).toEqual({
      [id(1)]: ["custom"],
      [id(2)]: ["AWSPREVIOUS"],
      [id(3)]: ["AWSPENDING", "AWSCURRENT"],
    });
    const listed = await local.client.send(new ListSecretVersionIdsCommand({ SecretId: "old/db" }));
    expect(listed.Versions?.map((v) => v.VersionId)).toEqual([id(3), id(2), id(1)]);
    for (const [i, value] of VALUES.entries()) {
      const got = await local.client.send(
        new GetSecretValueCommand({ SecretId: "old/db", VersionId: id(i + 1) }),
      );
      expect(got.SecretString === value).toBe(true);
    }
    const put = await local.client.send(
      new PutSecretValueCommand({
        SecretId: "old/db",
        SecretString: rememberTestSecret("new-value-after-migration"),
      }),
    );
    const after = await local.client.send(new DescribeSecretCommand({ SecretId: "old/db" }));
    expect(after.VersionIdsToStages).toEqual({
      [id(1)]: ["custom"],
      [id(3)]: ["AWSPREVIOUS"],
      [put.VersionId ?? ""]: ["AWSCURRENT"],
    });
    // The new version is numbered after the old ones: newest first, it leads the list.
    const relisted = await local.client.send(
      new ListSecretVersionIdsCommand({ SecretId: "old/db", IncludeDeprecated: true }),
    );
    expect(relisted.Versions?.map((v) => v.VersionId)).toEqual([put.VersionId, id(3), id(2), id(1)]);
  } finally {
    await local.close();
  }
}

describe("a data folder of schema version 2", () => {
  const dir = mkdtempSync(join(tmpdir(), "local-store-v2-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("opens with every secret, version, value, label in its attach order and tag, and takes writes", async () => {
    const db = new Database(join(dir, "secrets.db"));
    db.exec(SCHEMA_V2);
    // Attach order is `seq`, which need not follow insertion: insert in reverse to show it is read.
    const rows: [string, string, number][] = [];
    fillOldStore(db, (stage, version, seq) => rows.push([stage, version, seq]));
    for (const [stage, version, seq] of rows.reverse())
      db.prepare("INSERT INTO stages (secret_id, stage, version_id, seq) VALUES (1, ?, ?, ?)").run(
        stage,
        version,
        seq,
      );
    db.close();
    await expectOldStoreServed(dir);
  });
});

describe("a data folder of schema version 1", () => {
  const dir = mkdtempSync(join(tmpdir(), "local-store-v1-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("opens with every secret, version, value, label in its attach order and tag, and takes writes", async () => {
    const db = new Database(join(dir, "secrets.db"));
    db.exec(SCHEMA_V1);
    fillOldStore(db, (stage, version) => {
      db.prepare("INSERT INTO stages (secret_id, stage, version_id) VALUES (1, ?, ?)").run(stage, version);
    });
    db.close();
    await expectOldStoreServed(dir);
  });
});
