/**
 * The new password never reaches a MariaDB server's logs: rotations (single user, and alternating users
 * both ways) against a server of the test's own with the binary log and the general log on, then every
 * password the test saw is searched for in both, byte for byte, as the PostgreSQL test searches its log.
 * (The users the test makes get their first password as a hash too, so every hit would be the rotation's.)
 */
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { startOwnMariaDb } from "../../support/db-mariadb-server";
import { RotationDriver, useContractWorld } from "../../support/rotation-contract";
import { mysqlAlternatingUsers, mysqlSingleUser } from "../../support/rotation-db-subjects";

const sha = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 12);

describe("MariaDB with the binary and general logs on", async () => {
  const own = await startOwnMariaDb();
  if (!own) return void it.skip("needs MariaDB's server binaries (see the warning above)", () => {});
  // Registered first, so it runs after the subjects' own cleanup.
  afterAll(() => own.stop());
  const single = mysqlSingleUser(own);
  const alternating = mysqlAlternatingUsers(own);
  const world = useContractWorld([single, alternating]);

  it("single user and alternating users (twin made, then back) rotate, and no password is in either log", async () => {
    for (const subject of [single, alternating]) {
      const d = new RotationDriver(world(), subject);
      const { arn, firstVersion } = await d.newSecret();
      const first = await d.rotate(arn);
      await d.expectRotated(arn, firstVersion, first);
      const second = await d.rotate(arn);
      await d.expectRotated(arn, first, second);
    }
    const { general, binary } = own.logs();
    // The logs are on and hold the rotations' statements: the search below proves something.
    expect(general.includes("IDENTIFIED BY PASSWORD '*")).toBe(true);
    expect(binary.includes("ALTER USER")).toBe(true);
    const seen = [...world().seenPasswords];
    expect(seen.length).toBeGreaterThanOrEqual(6);
    const inGeneral = seen.filter((password) => general.includes(password)).map(sha);
    const inBinary = seen.filter((password) => binary.includes(password)).map(sha);
    expect({ inGeneral, inBinary }).toEqual({ inGeneral: [], inBinary: [] });
  });
});
