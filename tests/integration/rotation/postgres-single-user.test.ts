import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { postgresForTests, postgresLogsIn } from "../../support/db-postgres";
import {
  contractTitle,
  describeRotationContract,
  RotationDriver,
  useContractWorld,
} from "../../support/rotation-contract";
import { nastyPassword, postgresSingleUser } from "../../support/rotation-db-subjects";
import { useSuiteEnv } from "../../support/suite-env";

describe("postgres single user", async () => {
  const cluster = await postgresForTests();
  if (!cluster) return void it.skip("needs the database (see the warning above)", () => {});
  // The secrets ask for TLS; the function verifies the server's certificate against the test CA.
  useSuiteEnv({ DB_TLS_CA_FILE: cluster.caFile });
  const subject = postgresSingleUser(cluster);
  const world = useContractWorld([subject]);

  it("the server refuses a wrong password (so the tests below prove something)", async () => {
    expect(await postgresLogsIn(cluster, cluster.adminUser, cluster.adminPassword)).toBe(true);
    expect(await postgresLogsIn(cluster, cluster.adminUser, nastyPassword())).toBe(false);
  });

  describe(contractTitle(subject), () => {
    describeRotationContract(subject, world);
  });

  it("a pending password made only of punctuation round-trips (and the user name has capitals)", async () => {
    const punctuation: typeof subject = {
      ...subject,
      tags: {
        "rotation:exclude-characters": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
        // 44 of the 32 punctuation characters: as random as the floor's 32 of 94 (the policy's rule).
        "rotation:password-length": "44",
      },
    };
    const d = new RotationDriver(world(), punctuation);
    const { arn, firstVersion } = await d.newSecret();
    const token = await d.rotate(arn);
    await d.expectRotated(arn, firstVersion, token);
    const current = JSON.parse((await d.value(arn, { stage: "AWSCURRENT" })) ?? "{}") as { password: string };
    expect(/^[^A-Za-z0-9]{44}$/.test(current.password)).toBe(true);
  });

  it("the old password stops working after a single-user rotation", async () => {
    const d = new RotationDriver(world(), subject);
    const { arn, firstVersion } = await d.newSecret();
    await d.rotate(arn);
    expect(await subject.logsIn((await d.value(arn, { versionId: firstVersion })) ?? "")).toBe(false);
  });

  it("no password ever reached the server's log (log_statement = 'all'): only SCRAM verifiers did", async () => {
    const d = new RotationDriver(world(), subject);
    const log = readFileSync(cluster.logFile, "utf8");
    expect(log).toMatch(
      /statement: ALTER ROLE "Sml[0-9a-z]+_r[0-9a-f]+" WITH PASSWORD 'SCRAM-SHA-256\$4096:/,
    );
    const seen = [...world().seenPasswords];
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.filter((password) => log.includes(password)).length).toBe(0);
    // log_connections: every connection the function made was encrypted.
    const functionConnections = log
      .split("\n")
      .filter((line) => line.includes("application_name=secrets-rotation"));
    expect(functionConnections.length).toBeGreaterThan(10);
    expect(functionConnections.filter((line) => !line.includes("SSL enabled"))).toEqual([]);
    d.expectNoPasswordInLogs();
  });
});
