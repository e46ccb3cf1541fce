/**
 * A full, order-independent dump of the local endpoint's SQLite store, read through a second read-only
 * connection, so a test can prove a refused request changed nothing stored.
 */
import { join } from "node:path";
import Database from "better-sqlite3";

export interface StoreSnapshotter {
  /** Every row of every table, each table's rows sorted, as one string. */
  snapshot(): string;
  close(): void;
}

export function openSnapshotter(dataDir: string): StoreSnapshotter {
  const db = new Database(join(dataDir, "secrets.db"), { readonly: true, fileMustExist: true });
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((row) => row.name);
  const reads = tables.map((table) => ({ table, read: db.prepare(`SELECT * FROM "${table}"`) }));
  return {
    snapshot: () =>
      JSON.stringify(
        reads.map(({ table, read }) => [
          table,
          read
            .all()
            .map((row) =>
              JSON.stringify(row, (_key, value) => (Buffer.isBuffer(value) ? value.toString("hex") : value)),
            )
            .sort(),
        ]),
      ),
    close: () => db.close(),
  };
}
