/**
 * Checkpoints the WAL from a worker thread, off the thread that answers requests. A checkpoint copies
 * every page the WAL holds into the database file and syncs both: done by the connection that commits
 * (SQLite's default), it stalls the endpoint for tens of milliseconds every few thousand writes, about
 * a fifth of a put's cost. Here a second connection in a worker copies them as the WAL grows (SQLite lets
 * a checkpoint run beside a writer); the endpoint's own connection keeps a rare automatic checkpoint as
 * a backstop, which then finds little left to copy and lets the WAL start over.
 *
 * Durability is unchanged: a commit is in the WAL before the answer, and a checkpoint, interrupted or
 * not, never loses a committed frame.
 *
 * @example
 * const checkpointer = startCheckpointer(".local/secrets.db");
 * checkpointer.stop(); // before the endpoint's connection closes
 */
import { Worker } from "node:worker_threads";

/**
 * Frames the WAL gains after which the worker checkpoints (about 32 MiB of 4 KiB pages). A checkpoint
 * copies each page once however many frames hold it, so waiting longer copies less in all: a
 * 10,000-secret store is about 2,500 pages, which 8,000 frames of random puts mostly cover already.
 */
const CHECKPOINT_EVERY_FRAMES = 8_000;
const POLL_MS = 50;
/** How long `stop` waits for the worker to close its connection. */
const STOP_WAIT_MS = 2_000;

/**
 * The worker's code: polls how many frames the WAL holds and checkpoints it (PASSIVE: never waits for
 * the writer). The count is `mxFrame` of the WAL-index header, the first bytes of the `-shm` file
 * (https://www.sqlite.org/walformat.html, "The WAL-Index Header"): the WAL file's size says nothing once
 * the WAL starts over inside a file kept at its size (database.ts). A wrong reading would only change
 * when the worker checkpoints, never what is stored.
 */
const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { closeSync, openSync, readSync } = require("node:fs");
const { endianness } = require("node:os");
const Database = require(workerData.driver);
const state = new Int32Array(workerData.state);
const db = new Database(workerData.file, { fileMustExist: true });
const header = Buffer.alloc(4);
let index;
const framesInWal = () => {
  index ??= openSync(workerData.file + "-shm", "r");
  // mxFrame: a 32-bit count at byte 16, in the machine's byte order (the header is shared memory).
  if (readSync(index, header, 0, 4, 16) !== 4) return 0;
  return endianness() === "LE" ? header.readUInt32LE(0) : header.readUInt32BE(0);
};
let checkpointedAt = 0;
const stopIfAsked = () => {
  if (Atomics.load(state, 0) !== 1) return false;
  clearInterval(timer);
  if (index !== undefined) closeSync(index);
  db.close();
  Atomics.store(state, 1, 1);
  Atomics.notify(state, 1);
  return true;
};
const timer = setInterval(() => {
  if (stopIfAsked()) return;
  try {
    const frames = framesInWal();
    // Fewer frames than at the last checkpoint: the WAL started over.
    if (frames < checkpointedAt) checkpointedAt = 0;
    if (frames - checkpointedAt >= workerData.every) {
      db.pragma("wal_checkpoint(PASSIVE)");
      checkpointedAt = frames;
    }
  } catch {
    // The WAL is gone or busy: the next poll tries again.
  }
}, workerData.pollMs);
stopIfAsked();
`;

export interface Checkpointer {
  /** Closes the worker's connection (waiting up to 2 s for it) and ends the worker. */
  stop(): void;
}

export function startCheckpointer(file: string): Checkpointer {
  // [0]: stop asked by the endpoint; [1]: the worker's connection is closed.
  const state = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      file,
      state: state.buffer,
      driver: require.resolve("better-sqlite3"),
      every: CHECKPOINT_EVERY_FRAMES,
      pollMs: POLL_MS,
    },
  });
  worker.unref();
  // A worker that fails (a driver that cannot load) leaves checkpoints to the backstop.
  worker.on("error", () => Atomics.store(state, 1, 1));
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      Atomics.store(state, 0, 1);
      Atomics.wait(state, 1, 0, STOP_WAIT_MS);
      void worker.terminate();
    },
  };
}
