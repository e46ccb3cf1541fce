import Database from "better-sqlite3";
import { startCheckpointer } from "./checkpointer";
import { makeDataFolder, privateDataFile } from "./data-folder";
import { MIGRATIONS, SCHEMA_SQL, SCHEMA_VERSION } from "./schema";

export type SqliteDatabase = Database.Database;

/**
 * WAL frames between the endpoint connection's own automatic checkpoints (SQLite's default is 1,000):
 * the backstop behind the checkpointer's worker (checkpointer.ts), which copies pages every ~8,000
 * frames. By the time twice that many are in the WAL the worker has copied nearly all, so this
 * checkpoint only finishes the copy and lets the WAL start over; the WAL grows to ~64 MiB at most.
 */
const WAL_AUTOCHECKPOINT_FRAMES = 16_000;
/**
 * The WAL file is kept at the size it grew to when it starts over (cut back only past this, when a
 * long read held it from starting over): a frame written over an old one costs about 2 µs less here
 * than one that grows the file, a put writes two or three, and a file cut back has to grow again.
 * What this keeps on disk is never a removed value: the store cuts the WAL to zero bytes after every
 * removal (SecretStore), and the last connection to close removes it.
 */
const WAL_SIZE_LIMIT = 80 * 1024 * 1024;

/**
 * Opens (creating if needed) the store, in a private data folder (see data-folder.ts).
 * - WAL with synchronous=NORMAL: a committed write has been handed to the operating system before the
 *   answer, so it survives the process being killed right after answering; only an OS crash or a power
 *   cut may lose the last transactions (never corrupt the file).
 * - secure_delete: deleted rows and freed pages are overwritten with zeros, so a removed value does not
 *   linger in the file (the store checkpoints the WAL after removing values, see SecretStore).
 *
 * @example
 * const db = openDatabase({ dataDir: ".local" }); // .local/secrets.db
 */
export function openDatabase(options: { dataDir?: string; inMemory?: boolean }): SqliteDatabase {
  let file = ":memory:";
  if (!options.inMemory) {
    const dir = options.dataDir ?? ".local";
    makeDataFolder(dir);
    file = privateDataFile(dir);
  }
  const db = new Database(file);
  if (!options.inMemory) {
    db.pragma("journal_mode = WAL");
    db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_FRAMES}`);
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
  }
  db.pragma("synchronous = NORMAL");
  db.pragma("secure_delete = ON");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db);
  db.exec(SCHEMA_SQL);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
  if (!options.inMemory) {
    // The worker's connection closes first, so the endpoint's is the last one and leaves a clean folder.
    const checkpointer = startCheckpointer(file);
    const close = db.close.bind(db);
    db.close = () => {
      checkpointer.stop();
      return close();
    };
  }
  return db;
}

/**
 * Runs the migrations from the file's schema version up to SCHEMA_VERSION (a new file has version 0),
 * all in one transaction. Foreign keys are off meanwhile: rebuilding a table drops the old one, which
 * would otherwise cascade to the rows that point at it.
 */
function migrate(db: SqliteDatabase): void {
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version === 0 || version >= SCHEMA_VERSION) return;
  db.pragma("foreign_keys = OFF");
  try {
    db.transaction(() => {
      for (let from = version; from < SCHEMA_VERSION; from += 1) {
        const sql = MIGRATIONS[from];
        if (sql) db.exec(sql);
      }
      const broken = db.pragma("foreign_key_check") as unknown[];
      if (broken.length > 0) throw new Error(`schema migration left ${broken.length} dangling references`);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
  } finally {
    db.pragma("foreign_keys = ON");
  }
}
