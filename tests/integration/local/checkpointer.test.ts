/**
 * The checkpointer's worker (local/store/checkpointer.ts) keeps copying the WAL into the database file
 * as it grows, also after the WAL started over inside a file kept at its size (database.ts), and the
 * file is not cut back when it starts over. What the WAL holds and what has been copied are read from
 * the WAL-index header, the first bytes of the `-shm` file (https://www.sqlite.org/walformat.html).
 */
import { randomUUID } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from "node:fs";
import { endianness, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createClock, createCore } from "../../../local/core/index";

const CTX = { region: "us-east-1", accountId: "000000000000" };
/** What the worker waits for before it copies (CHECKPOINT_EVERY_FRAMES), and a little more. */
const FRAMES_PER_COPY = 8_000;

function walIndex(dir: string) {
  const fd = openSync(join(dir, "secrets.db-shm"), "r");
  const word = (offset: number) => {
    const bytes = Buffer.alloc(4);
    readSync(fd, bytes, 0, 4, offset);
    return endianness() === "LE" ? bytes.readUInt32LE(0) : bytes.readUInt32BE(0);
  };
  return {
    /** Frames the WAL holds (mxFrame of the header). */
    frames: () => word(16),
    /** Frames copied into the database file (nBackfill of the checkpoint info after both headers). */
    copied: () => word(96),
    close: () => closeSync(fd),
  };
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

describe("the checkpointer", () => {
  const dir = mkdtempSync(join(tmpdir(), "local-checkpointer-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("copies the WAL as it grows, in every cycle, and keeps the WAL file at its size", async () => {
    const core = createCore({
      dataDir: dir,
      clock: createClock(),
      rotation: { startRotation: () => {}, rotationAbandoned: () => {} },
    });
    const index = walIndex(dir);
    try {
      const names = Array.from({ length: 300 }, (_, i) => `checkpoint/secret-${i}`);
      for (const name of names)
        core.dispatch(
          "CreateSecret",
          { Name: name, SecretString: "v0", ClientRequestToken: randomUUID() },
          CTX,
        );
      let written = 0;
      const put = () => {
        const name = names[written % names.length] as string;
        written += 1;
        core.dispatch(
          "PutSecretValue",
          { SecretId: name, SecretString: `v${written}`, ClientRequestToken: randomUUID() },
          CTX,
        );
      };
      /** Puts until the WAL holds `frames` frames, letting the worker's timer run now and then. */
      const growTo = async (frames: number) => {
        while (index.frames() < frames) {
          for (let i = 0; i < 200; i += 1) put();
          await new Promise((resolve) => setImmediate(resolve));
        }
      };

      await growTo(FRAMES_PER_COPY + 500);
      expect(await until(() => index.copied() >= FRAMES_PER_COPY, 3_000)).toBe(true);

      // Go on until the WAL starts over (the connection's own checkpoint lets it, at 16,000 frames at
      // the latest): the file keeps the size it had just before.
      const walSize = () => statSync(join(dir, "secrets.db-wal")).size;
      let highest = 0;
      let sizeBefore = 0;
      while (index.frames() >= highest) {
        highest = index.frames();
        sizeBefore = walSize();
        for (let i = 0; i < 50; i += 1) put();
      }
      expect(highest).toBeGreaterThanOrEqual(FRAMES_PER_COPY);
      expect(walSize()).toBeGreaterThanOrEqual(sizeBefore);

      await growTo(FRAMES_PER_COPY + 500);
      expect(await until(() => index.copied() >= FRAMES_PER_COPY, 3_000)).toBe(true);
    } finally {
      index.close();
      core.close();
    }
  });
});
