/**
 * The SQLite schema. One row per secret per region (a replica is its own row pointing at its primary),
 * versions, tags in insertion order. Every lookup an operation makes is an index lookup, so nothing is
 * loaded at start.
 *
 * A write's cost is mostly the pages it changes (each is written whole to the WAL at commit), so what
 * every PutSecretValue touches is kept to two b-trees: the secret's row, which holds its staging labels
 * (labels.ts) and the number of its newest version, and its versions, a WITHOUT ROWID table keyed by
 * (secret, version) with no second index. A put then inserts one version and rewrites one secret row.
 * A secret's versions are few (100 at most, see version-stages.ts), so ordering them by `seq` (the
 * order they were made: 1, 2, ... per secret, never reused) is a sort of one secret's rows.
 */
import { NO_LABELS_TEXT } from "./labels";

export const SCHEMA_VERSION = 3;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS secrets (
  id INTEGER PRIMARY KEY,
  region TEXT NOT NULL,
  arn TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  kms_key_id TEXT,
  owning_service TEXT,
  created_date REAL NOT NULL,
  last_changed_date REAL NOT NULL,
  last_accessed_date REAL,
  deleted_date REAL,
  deletion_date REAL,
  rotation_enabled INTEGER NOT NULL DEFAULT 0,
  rotation_lambda_arn TEXT,
  rotation_rules TEXT,
  last_rotated_date REAL,
  next_rotation_date REAL,
  rotation_token TEXT,
  resource_policy TEXT,
  primary_id INTEGER REFERENCES secrets(id) ON DELETE CASCADE,
  replica_status TEXT,
  replica_status_message TEXT,
  replica_kms_key_id TEXT,
  labels TEXT NOT NULL DEFAULT '${NO_LABELS_TEXT}',
  version_seq INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS secrets_by_arn ON secrets(region, arn);
CREATE UNIQUE INDEX IF NOT EXISTS secrets_by_name ON secrets(region, name);
CREATE INDEX IF NOT EXISTS secrets_by_created ON secrets(region, created_date, id);
CREATE INDEX IF NOT EXISTS secrets_by_deletion ON secrets(deletion_date) WHERE deletion_date IS NOT NULL;
CREATE INDEX IF NOT EXISTS secrets_by_next_rotation ON secrets(next_rotation_date) WHERE rotation_enabled = 1;
CREATE INDEX IF NOT EXISTS secrets_by_primary ON secrets(primary_id) WHERE primary_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS versions (
  secret_id INTEGER NOT NULL REFERENCES secrets(id) ON DELETE CASCADE,
  version_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  secret_string TEXT,
  secret_binary BLOB,
  created_date REAL NOT NULL,
  last_accessed_date REAL,
  PRIMARY KEY (secret_id, version_id)
) WITHOUT ROWID;

-- The AWSPENDING versions RotateSecret (RotateImmediately=false) makes for its testSecret run, so that
-- one left behind by a process that died mid-test is removed at the next start.
CREATE TABLE IF NOT EXISTS rotation_tests (
  secret_id INTEGER NOT NULL REFERENCES secrets(id) ON DELETE CASCADE,
  version_id TEXT NOT NULL,
  PRIMARY KEY (secret_id, version_id)
);

CREATE TABLE IF NOT EXISTS tags (
  secret_id INTEGER NOT NULL REFERENCES secrets(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (secret_id, key)
);

-- Secrets whose Tags were ever set (CreateSecret with Tags, TagResource): DescribeSecret and ListSecrets
-- then answer Tags, [] once the last tag is removed, as AWS does; never-tagged secrets have no Tags.
CREATE TABLE IF NOT EXISTS tagged_secrets (
  secret_id INTEGER PRIMARY KEY REFERENCES secrets(id) ON DELETE CASCADE
);

-- Replicas that could not be made (the name is taken in that Region): the primary's ReplicationStatus
-- shows them as Failed, as AWS does, until they are removed or replicated again with ForceOverwrite.
CREATE TABLE IF NOT EXISTS replica_failures (
  primary_id INTEGER NOT NULL REFERENCES secrets(id) ON DELETE CASCADE,
  region TEXT NOT NULL,
  kms_key_id TEXT,
  message TEXT NOT NULL,
  PRIMARY KEY (primary_id, region)
);
`;

/**
 * What brings a database of schema version N to N + 1, run in one transaction with foreign keys off
 * (a table is rebuilt under its old name) before SCHEMA_SQL. Version 1 kept versions and labels in rowid
 * tables with secondary indexes; a label's attach order was its rowid. Version 2 kept labels in a
 * WITHOUT ROWID table of their own, their attach order in `seq`.
 */
export const MIGRATIONS: Record<number, string> = {
  1: `
CREATE TABLE versions_v2 (
  secret_id INTEGER NOT NULL REFERENCES secrets(id) ON DELETE CASCADE,
  version_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  secret_string TEXT,
  secret_binary BLOB,
  created_date REAL NOT NULL,
  last_accessed_date REAL,
  PRIMARY KEY (secret_id, version_id)
) WITHOUT ROWID;
INSERT INTO versions_v2 SELECT secret_id, version_id, seq, secret_string, secret_binary, created_date, last_accessed_date FROM versions;
DROP TABLE versions;
ALTER TABLE versions_v2 RENAME TO versions;
CREATE TABLE stages_v2 (
  secret_id INTEGER NOT NULL,
  stage TEXT NOT NULL,
  version_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (secret_id, stage),
  FOREIGN KEY (secret_id, version_id) REFERENCES versions(secret_id, version_id) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO stages_v2 (secret_id, stage, version_id, seq) SELECT secret_id, stage, version_id, rowid FROM stages;
DROP TABLE stages;
ALTER TABLE stages_v2 RENAME TO stages;
`,
  2: `
ALTER TABLE secrets ADD COLUMN labels TEXT NOT NULL DEFAULT '[]';
ALTER TABLE secrets ADD COLUMN version_seq INTEGER NOT NULL DEFAULT 0;
UPDATE secrets SET
  labels = (SELECT json_group_array(json_array(stage, version_id) ORDER BY seq) FROM stages WHERE stages.secret_id = secrets.id),
  version_seq = COALESCE((SELECT MAX(seq) FROM versions WHERE versions.secret_id = secrets.id), 0);
DROP TABLE stages;
`,
};
