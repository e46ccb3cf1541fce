/**
 * The SQLite schema. One row per secret per region (a replica is its own row pointing at its primary),
 * versions, staging labels (primary key per label: a label is on at most one version), tags in insertion
 * order. Every lookup an operation makes is an index lookup, so nothing is loaded at start.
 *
 * A write's cost is mostly the pages it changes (each is written whole to the WAL at commit), so what
 * every PutSecretValue touches is kept to few b-trees: versions and labels are WITHOUT ROWID tables keyed
 * by (secret, version) and (secret, label), with no second index. A put then changes about three pages
 * (the secret's row, its versions, its labels: moving AWSCURRENT and AWSPREVIOUS rewrites one page in
 * place) where rowid tables with their indexes took six or seven. A secret's versions and labels are
 * few (100 versions at most, see version-stages.ts), so ordering them by `seq` (the order they were
 * made, or labels attached) is a sort of one secret's rows, and the next `seq` a scan of them.
 */
export const SCHEMA_VERSION = 2;

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
  replica_kms_key_id TEXT
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

CREATE TABLE IF NOT EXISTS stages (
  secret_id INTEGER NOT NULL,
  stage TEXT NOT NULL,
  version_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (secret_id, stage),
  FOREIGN KEY (secret_id, version_id) REFERENCES versions(secret_id, version_id) ON DELETE CASCADE
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
 * tables with secondary indexes; a label's attach order was its rowid.
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
};
