import type { Statement } from "better-sqlite3";
import type { EpochSeconds } from "../core/types";
import type { SqliteDatabase } from "./database";
import {
  decodeLabels,
  encodeLabels,
  holderOf,
  type Labels,
  labelsByVersion,
  labelsOn,
  NO_LABELS,
  withoutLabel,
} from "./labels";
import type { ReplicaFailureRow, SecretPatch, SecretRow, TagRow, VersionRow } from "./rows";

const SECRET_COLUMNS = new Set<string>([
  "region",
  "arn",
  "name",
  "description",
  "kms_key_id",
  "owning_service",
  "created_date",
  "last_changed_date",
  "last_accessed_date",
  "deleted_date",
  "deletion_date",
  "rotation_enabled",
  "rotation_lambda_arn",
  "rotation_rules",
  "last_rotated_date",
  "next_rotation_date",
  "rotation_token",
  "resource_policy",
  "primary_id",
  "replica_status",
  "replica_status_message",
  "replica_kms_key_id",
]);

export type NewSecret = Pick<SecretRow, "region" | "arn" | "name" | "created_date" | "last_changed_date"> &
  SecretPatch;

export interface NewVersion {
  versionId: string;
  /** Both null for the value-less version RotateSecret makes before the Lambda runs. */
  secretString: string | null;
  secretBinary: Buffer | null;
  createdDate: EpochSeconds;
}

/** Keyset position for paging secrets by (created_date, id). */
export interface SecretCursor {
  created: number;
  id: number;
}

/**
 * All SQL lives here, as prepared statements made once (the dynamic UPDATE/INSERT ones are cached by
 * their column list). Methods are synchronous; callers wrap multi-step changes in `transaction`.
 *
 * A removed value must not stay on disk: secure_delete (database.ts) zeroes it in the database pages,
 * but the WAL still holds the pages as they were before. So once a change that removed values (a
 * deleted secret or version, a purge, a wipe) is committed, the WAL is checkpointed into the file and
 * truncated to zero bytes before the caller goes on (and so before the endpoint answers).
 */
export class SecretStore {
  private readonly statements = new Map<string, Statement>();
  /** Set when the open transaction removed values: the WAL is truncated once it ends. */
  private removedValues = false;
  /**
   * No secret is due for purging before this (see purgeExpired); -Infinity: not known, purge and find
   * out. A transaction that fails as a whole may have undone a purge, so it forgets what it knew.
   */
  private nextDeletionAt = Number.NEGATIVE_INFINITY;
  /**
   * better-sqlite3's transaction wrapper, made once. Making one (`db.transaction(fn)`) defines twenty
   * properties on four new functions: made per operation, that was about 11% of a GetSecretValue's
   * time at the endpoint (CPU profile).
   */
  private readonly runTransaction: (work: () => unknown) => unknown;

  constructor(readonly db: SqliteDatabase) {
    this.runTransaction = db.transaction((work: () => unknown) => work());
  }

  private stmt(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `work` in a transaction: all of it or none of it. Nested calls are savepoints of the outer
   * transaction (a refusal inside one undoes only its own changes), so a caller may group several
   * operations into one commit.
   */
  transaction<T>(work: () => T): T {
    try {
      return this.runTransaction(work) as T;
    } catch (error) {
      if (!this.db.inTransaction) this.nextDeletionAt = Number.NEGATIVE_INFINITY;
      throw error;
    } finally {
      if (this.removedValues && !this.db.inTransaction) this.truncateWal();
    }
  }

  /** Notes that values were removed: the WAL is truncated now, or when the open transaction ends. */
  private valuesRemoved(): void {
    if (this.db.inTransaction) this.removedValues = true;
    else this.truncateWal();
  }

  /** Copies the WAL into the database file and cuts it to zero bytes (no-op in memory). */
  private truncateWal(): void {
    this.removedValues = false;
    if (!this.db.memory) this.db.pragma("wal_checkpoint(TRUNCATE)");
  }

  // --- secrets ---

  findById(id: number): SecretRow | undefined {
    return this.stmt("SELECT * FROM secrets WHERE id = ?").get(id) as SecretRow | undefined;
  }

  findByArn(region: string, arn: string): SecretRow | undefined {
    return this.stmt("SELECT * FROM secrets WHERE region = ? AND arn = ?").get(region, arn) as
      | SecretRow
      | undefined;
  }

  findByName(region: string, name: string): SecretRow | undefined {
    return this.stmt("SELECT * FROM secrets WHERE region = ? AND name = ?").get(region, name) as
      | SecretRow
      | undefined;
  }

  insertSecret(secret: NewSecret): number {
    const columns = Object.keys(secret).filter((column) => SECRET_COLUMNS.has(column));
    const sql = `INSERT INTO secrets (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`;
    return Number(this.stmt(sql).run(pick(secret, columns)).lastInsertRowid);
  }

  updateSecret(id: number, patch: SecretPatch): void {
    const columns = Object.keys(patch).filter((column) => SECRET_COLUMNS.has(column));
    if (columns.length === 0) return;
    const deletion = patch.deletion_date;
    if (typeof deletion === "number" && deletion < this.nextDeletionAt) this.nextDeletionAt = deletion;
    // Positional parameters: binding an object by name costs more than the update itself.
    const sql = `UPDATE secrets SET ${columns.map((c) => `${c} = ?`).join(", ")} WHERE id = ?`;
    const record = patch as Record<string, unknown>;
    this.stmt(sql).run(...columns.map((column) => record[column] ?? null), id);
  }

  deleteSecret(id: number): void {
    this.stmt("DELETE FROM secrets WHERE id = ?").run(id);
    this.valuesRemoved();
  }

  /**
   * Removes secrets whose recovery window has ended. Every operation asks first, so it costs nothing
   * until the earliest scheduled deletion comes (`nextDeletionAt`, kept as deletions are scheduled);
   * a restore leaves it early, which only costs one empty purge.
   */
  purgeExpired(now: EpochSeconds): number {
    if (now < this.nextDeletionAt) return 0;
    const { changes } = this.stmt(
      "DELETE FROM secrets WHERE deletion_date IS NOT NULL AND deletion_date <= ?",
    ).run(now);
    if (changes > 0) this.valuesRemoved();
    this.nextDeletionAt = this.earliestDeletion();
    return changes;
  }

  /** The earliest deletion date scheduled, or +Infinity when none is. */
  private earliestDeletion(): EpochSeconds {
    const row = this.stmt("SELECT MIN(deletion_date) AS earliest FROM secrets").get() as {
      earliest: EpochSeconds | null;
    };
    return row.earliest ?? Number.POSITIVE_INFINITY;
  }

  /**
   * Forgets rotations marked as running. Called at start-up: the runner that ran them died with the
   * previous process, and a stale mark would make every later RotateSecret wait for it. A half-made
   * AWSPENDING version stays, as on AWS: the next RotateSecret or the scheduler reattempts it.
   */
  clearRunningRotations(): number {
    return this.stmt("UPDATE secrets SET rotation_token = NULL WHERE rotation_token IS NOT NULL").run()
      .changes;
  }

  /** Remembers the version a test run (RotateSecret with RotateImmediately=false) made. */
  addTestVersion(secretId: number, versionId: string): void {
    this.stmt("INSERT OR IGNORE INTO rotation_tests (secret_id, version_id) VALUES (?, ?)").run(
      secretId,
      versionId,
    );
  }

  isTestVersion(secretId: number, versionId: string): boolean {
    return (
      this.stmt("SELECT 1 FROM rotation_tests WHERE secret_id = ? AND version_id = ?").get(
        secretId,
        versionId,
      ) !== undefined
    );
  }

  forgetTestVersion(secretId: number, versionId: string): void {
    this.stmt("DELETE FROM rotation_tests WHERE secret_id = ? AND version_id = ?").run(secretId, versionId);
  }

  /**
   * Removes every test run's version (its AWSPENDING label, then the version unless another label was
   * put on it). Called at start-up: a test run the previous process did not finish is over.
   */
  removeTestVersions(): number {
    return this.transaction(() => {
      const tests = this.stmt("SELECT secret_id, version_id FROM rotation_tests").all() as {
        secret_id: number;
        version_id: string;
      }[];
      for (const { secret_id: secretId, version_id: versionId } of tests) {
        let labels = this.labels(secretId);
        if (holderOf(labels, "AWSPENDING") === versionId) {
          labels = withoutLabel(labels, "AWSPENDING");
          this.writeLabels(secretId, labels);
        }
        if (labelsOn(labels, versionId).length === 0) this.deleteVersion(secretId, versionId);
      }
      const removed = this.stmt("DELETE FROM rotation_tests").run().changes;
      if (removed > 0) this.valuesRemoved();
      return removed;
    });
  }

  replicasOf(primaryId: number): SecretRow[] {
    return this.stmt("SELECT * FROM secrets WHERE primary_id = ? ORDER BY region").all(
      primaryId,
    ) as SecretRow[];
  }

  /**
   * Secrets of a region in (created_date, id) order after `cursor`, read in pages of 200 (each page a
   * finished statement, so callers may run other statements between items).
   */
  *iterateSecrets(
    region: string,
    order: "asc" | "desc",
    includePlannedDeletion: boolean,
    cursor: SecretCursor | undefined,
  ): Generator<SecretRow> {
    const deleted = includePlannedDeletion ? "" : "AND deleted_date IS NULL";
    const sql =
      order === "asc"
        ? `SELECT * FROM secrets WHERE region = @region ${deleted}
           AND (created_date > @created OR (created_date = @created AND id > @id))
           ORDER BY created_date ASC, id ASC LIMIT 200`
        : `SELECT * FROM secrets WHERE region = @region ${deleted}
           AND (created_date < @created OR (created_date = @created AND id < @id))
           ORDER BY created_date DESC, id DESC LIMIT 200`;
    let position =
      cursor ??
      (order === "asc"
        ? { created: -1, id: -1 }
        : { created: Number.MAX_VALUE, id: Number.MAX_SAFE_INTEGER });
    for (;;) {
      const page = this.stmt(sql).all({ region, ...position }) as SecretRow[];
      yield* page;
      const last = page[page.length - 1];
      if (!last || page.length < 200) return;
      position = { created: last.created_date, id: last.id };
    }
  }

  dueForRotation(now: EpochSeconds): SecretRow[] {
    return this.stmt(
      `SELECT * FROM secrets WHERE rotation_enabled = 1 AND next_rotation_date <= ?
       AND rotation_lambda_arn IS NOT NULL AND deleted_date IS NULL AND primary_id IS NULL
       AND rotation_token IS NULL ORDER BY next_rotation_date`,
    ).all(now) as SecretRow[];
  }

  countSecrets(): number {
    return (this.stmt("SELECT COUNT(*) AS n FROM secrets").get() as { n: number }).n;
  }

  wipe(): void {
    this.transaction(() => {
      this.stmt("DELETE FROM rotation_tests").run();
      this.stmt("DELETE FROM versions").run();
      this.stmt("DELETE FROM tags").run();
      this.stmt("DELETE FROM tagged_secrets").run();
      this.stmt("DELETE FROM replica_failures").run();
      this.stmt("UPDATE secrets SET primary_id = NULL").run();
      this.stmt("DELETE FROM secrets").run();
      this.valuesRemoved();
    });
  }

  /** Copies versions, labels and tags from one secret to another (a replica promoted to standalone). */
  copyContents(fromId: number, toId: number): void {
    this.stmt(
      `INSERT INTO versions (secret_id, version_id, seq, secret_string, secret_binary, created_date, last_accessed_date)
       SELECT ?, version_id, seq, secret_string, secret_binary, created_date, last_accessed_date
       FROM versions WHERE secret_id = ?`,
    ).run(toId, fromId);
    this.stmt(
      `UPDATE secrets SET (labels, version_seq) = (SELECT labels, version_seq FROM secrets WHERE id = ?)
       WHERE id = ?`,
    ).run(fromId, toId);
    this.stmt(
      "INSERT INTO tags (secret_id, key, value, seq) SELECT ?, key, value, seq FROM tags WHERE secret_id = ?",
    ).run(toId, fromId);
    if (this.isTagged(fromId)) this.markTagged(toId);
  }

  // --- replicas that failed ---

  replicaFailures(primaryId: number): ReplicaFailureRow[] {
    return this.stmt(
      "SELECT region, kms_key_id, message FROM replica_failures WHERE primary_id = ? ORDER BY region",
    ).all(primaryId) as ReplicaFailureRow[];
  }

  putReplicaFailure(primaryId: number, failure: ReplicaFailureRow): void {
    this.stmt(
      `INSERT INTO replica_failures (primary_id, region, kms_key_id, message) VALUES (?, ?, ?, ?)
       ON CONFLICT (primary_id, region) DO UPDATE SET kms_key_id = excluded.kms_key_id, message = excluded.message`,
    ).run(primaryId, failure.region, failure.kms_key_id, failure.message);
  }

  /** True when a failure was recorded for that Region (and is now removed). */
  removeReplicaFailure(primaryId: number, region: string): boolean {
    return (
      this.stmt("DELETE FROM replica_failures WHERE primary_id = ? AND region = ?").run(primaryId, region)
        .changes > 0
    );
  }

  // --- versions ---

  getVersion(secretId: number, versionId: string): VersionRow | undefined {
    return this.stmt("SELECT * FROM versions WHERE secret_id = ? AND version_id = ?").get(
      secretId,
      versionId,
    ) as VersionRow | undefined;
  }

  /**
   * Inserts the version as number `seq` unless one with its id exists (false then). Versions are numbered
   * 1, 2, ... per secret and never reused, so no secret whose newest is number `seq` holds more than `seq`
   * versions; the caller records `seq` as the newest (`recordNewestVersion`, or `writeLabels` in the same
   * write as the labels the new version takes).
   */
  insertVersionIfNew(secretId: number, version: NewVersion, seq: number): boolean {
    const { changes } = this.stmt(
      `INSERT OR IGNORE INTO versions (secret_id, version_id, seq, secret_string, secret_binary, created_date)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(secretId, version.versionId, seq, version.secretString, version.secretBinary, version.createdDate);
    return changes > 0;
  }

  /** Inserts a version whose id is known to be new, as the newest; a taken id is a bug, thrown as such. */
  insertVersion(secretId: number, version: NewVersion): number {
    const row = this.stmt("SELECT version_seq FROM secrets WHERE id = ?").get(secretId) as
      | { version_seq: number }
      | undefined;
    const seq = (row?.version_seq ?? 0) + 1;
    if (!this.insertVersionIfNew(secretId, version, seq))
      throw new Error(`version ${version.versionId} exists already`);
    this.recordNewestVersion(secretId, seq);
    return seq;
  }

  /** Records `seq` as the number of the secret's newest version (the next one gets one more). */
  recordNewestVersion(secretId: number, seq: number): void {
    this.stmt("UPDATE secrets SET version_seq = ? WHERE id = ?").run(seq, secretId);
  }

  /** Gives a value-less version (the one RotateSecret makes) its value; one with a value is untouched. */
  fillVersion(
    secretId: number,
    versionId: string,
    secretString: string | null,
    secretBinary: Buffer | null,
  ): void {
    this.stmt(
      `UPDATE versions SET secret_string = ?, secret_binary = ?
       WHERE secret_id = ? AND version_id = ? AND secret_string IS NULL AND secret_binary IS NULL`,
    ).run(secretString, secretBinary, secretId, versionId);
  }

  /** Newest first. */
  listVersions(secretId: number): VersionRow[] {
    return this.stmt("SELECT * FROM versions WHERE secret_id = ? ORDER BY seq DESC").all(
      secretId,
    ) as VersionRow[];
  }

  /** When the secret's newest version was made, or undefined without versions. */
  newestVersionDate(secretId: number): EpochSeconds | undefined {
    const row = this.stmt("SELECT MAX(created_date) AS newest FROM versions WHERE secret_id = ?").get(
      secretId,
    ) as {
      newest: EpochSeconds | null;
    };
    return row.newest ?? undefined;
  }

  countVersions(secretId: number): number {
    return (
      this.stmt("SELECT COUNT(*) AS n FROM versions WHERE secret_id = ?").get(secretId) as { n: number }
    ).n;
  }

  /**
   * The ids of at most `limit` versions without any label made at or before `createdBefore`, oldest
   * first: what pruning may remove. Only ids are read, and only as many as asked, so a secret with many
   * recent versions costs no more to prune than one with few.
   */
  prunableVersions(secretId: number, createdBefore: EpochSeconds, limit: number): string[] {
    const labelled = new Set(this.labels(secretId).map(([, versionId]) => versionId));
    const oldest = this.stmt(
      "SELECT version_id FROM versions WHERE secret_id = ? AND created_date <= ? ORDER BY seq ASC LIMIT ?",
    ).all(secretId, createdBefore, limit + labelled.size) as { version_id: string }[];
    return oldest
      .map((row) => row.version_id)
      .filter((versionId) => !labelled.has(versionId))
      .slice(0, limit);
  }

  deleteVersion(secretId: number, versionId: string): void {
    this.stmt("DELETE FROM versions WHERE secret_id = ? AND version_id = ?").run(secretId, versionId);
    this.valuesRemoved();
  }

  touchVersion(secretId: number, versionId: string, accessedDay: EpochSeconds): void {
    this.stmt("UPDATE versions SET last_accessed_date = ? WHERE secret_id = ? AND version_id = ?").run(
      accessedDay,
      secretId,
      versionId,
    );
  }

  // --- staging labels (kept on the secret's row, see labels.ts) ---

  /** The secret's labels in attach order (none for a secret that is not there). */
  labels(secretId: number): Labels {
    const row = this.stmt("SELECT labels FROM secrets WHERE id = ?").get(secretId) as
      | { labels: string }
      | undefined;
    return row ? decodeLabels(row.labels) : NO_LABELS;
  }

  /**
   * Replaces the secret's labels; with `newestSeq`, also records the version just inserted (as
   * `recordNewestVersion` does), in the same write.
   */
  writeLabels(secretId: number, labels: Labels, newestSeq?: number): void {
    if (newestSeq === undefined)
      this.stmt("UPDATE secrets SET labels = ? WHERE id = ?").run(encodeLabels(labels), secretId);
    else
      this.stmt("UPDATE secrets SET labels = ?, version_seq = ? WHERE id = ?").run(
        encodeLabels(labels),
        newestSeq,
        secretId,
      );
  }

  stageHolder(secretId: number, stage: string): string | undefined {
    return holderOf(this.labels(secretId), stage);
  }

  stagesOfVersion(secretId: number, versionId: string): string[] {
    return labelsOn(this.labels(secretId), versionId);
  }

  /** version id -> labels, in the order the labels were attached. */
  stagesByVersion(secretId: number): Map<string, string[]> {
    return labelsByVersion(this.labels(secretId));
  }

  removeStage(secretId: number, stage: string): void {
    this.writeLabels(secretId, withoutLabel(this.labels(secretId), stage));
  }

  // --- tags ---

  listTags(secretId: number): TagRow[] {
    return this.stmt("SELECT key, value FROM tags WHERE secret_id = ? ORDER BY seq").all(
      secretId,
    ) as TagRow[];
  }

  putTag(secretId: number, key: string, value: string): void {
    this.stmt(
      `INSERT INTO tags (secret_id, key, value, seq)
       VALUES (?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM tags WHERE secret_id = ?))
       ON CONFLICT (secret_id, key) DO UPDATE SET value = excluded.value`,
    ).run(secretId, key, value, secretId);
  }

  deleteTag(secretId: number, key: string): void {
    this.stmt("DELETE FROM tags WHERE secret_id = ? AND key = ?").run(secretId, key);
  }

  /** Remembers that the secret's Tags were set (so an emptied list is answered as []). */
  markTagged(secretId: number): void {
    this.stmt("INSERT OR IGNORE INTO tagged_secrets (secret_id) VALUES (?)").run(secretId);
  }

  isTagged(secretId: number): boolean {
    return this.stmt("SELECT 1 FROM tagged_secrets WHERE secret_id = ?").get(secretId) !== undefined;
  }
}

function pick(source: object, columns: string[]): Record<string, unknown> {
  const record = source as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const column of columns) out[column] = record[column] ?? null;
  return out;
}
