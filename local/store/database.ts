import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { SCHEMA_SQL, SCHEMA_VERSION } from "./schema";

export type SqliteDatabase = Database.Database;

/**
 * Opens (creating if needed) the store. WAL with synchronous=NORMAL: a committed write survives the
 * process being killed right after answering; only an OS crash may lose the last transactions.
 */
export function openDatabase(options: { dataDir?: string; inMemory?: boolean }): SqliteDatabase {
  let file = ":memory:";
  if (!options.inMemory) {
    const dir = options.dataDir ?? ".local";
    mkdirSync(dir, { recursive: true });
    file = join(dir, "secrets.db");
  }
  const db = new Database(file);
  if (!options.inMemory) db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  db.exec(SCHEMA_SQL);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
  return db;
}
