/**
 * The data folder: where the SQLite file lives, private to the user who runs the endpoint. Values are
 * stored in clear there (the local endpoint has no KMS), so the folder is made 0700 and the database
 * file 0600 (SQLite gives its `-wal` and `-shm` files the database file's mode). A folder that already
 * exists is never chmod-ed (it may be one the user chose for other things too): when other users can
 * open it, `dataFolderWarning` says so.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { join } from "node:path";

export const DATA_FILE = "secrets.db";
const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;

/** Makes `dir` (and missing parents) with mode 0700; an existing folder keeps its mode. */
export function makeDataFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: FOLDER_MODE });
}

/**
 * The database file's path, made empty with mode 0600 when missing; an existing database file and its
 * `-wal`/`-shm` files are set to 0600 (they are the endpoint's own, and may come from a version that
 * left them readable by everyone).
 *
 * @example
 * const file = privateDataFile(".local"); // ".local/secrets.db", mode 0600
 */
export function privateDataFile(dir: string): string {
  const file = join(dir, DATA_FILE);
  if (!existsSync(file)) closeSync(openSync(file, "a", FILE_MODE));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path) && (statSync(path).mode & 0o777) !== FILE_MODE) chmodSync(path, FILE_MODE);
  }
  return file;
}

/**
 * A loud warning when users other than the owner may enter or list `dir` (any group or other
 * permission bit), else undefined.
 *
 * @example
 * const warning = dataFolderWarning("/tmp/shared"); // "WARNING: the data folder /tmp/shared ..."
 */
export function dataFolderWarning(dir: string): string | undefined {
  const mode = statSync(dir).mode & 0o777;
  if ((mode & 0o077) === 0) return undefined;
  return (
    `WARNING: the data folder ${dir} is open to other users (mode ${mode.toString(8).padStart(4, "0")}). ` +
    `Secret values are stored there in clear; the database files are 0600, but run \`chmod 700 ${dir}\` ` +
    "or use a folder of your own."
  );
}
