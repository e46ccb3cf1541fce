/**
 * The SQLite schema. One row per secret per region (a replica is its own row pointing at its primary),
 * versions, staging labels (primary key per label: a label is on at most one version), tags in insertion
 * order. Every lookup an operation makes is an index lookup, so nothing is loaded at start.
 */
export const SCHEMA_VERSION = 1;

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
);
CREATE INDEX IF NOT EXISTS versions_by_seq ON versions(secret_id, seq);

CREATE TABLE IF NOT EXISTS stages (
  secret_id INTEGER NOT NULL,
  stage TEXT NOT NULL,
  version_id TEXT NOT NULL,
  PRIMARY KEY (secret_id, stage),
  FOREIGN KEY (secret_id, version_id) REFERENCES versions(secret_id, version_id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS stages_by_version ON stages(secret_id, version_id);

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
