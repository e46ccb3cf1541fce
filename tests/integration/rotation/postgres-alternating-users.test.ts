import pg from "pg";
import { describe, expect, it } from "vitest";
import { postgresForTests, postgresLogsIn } from "../../support/db-postgres";
import {
  contractTitle,
  describeRotationContract,
  RotationDriver,
  useContractWorld,
} from "../../support/rotation-contract";
import { nastyPassword, postgresAlternatingUsers } from "../../support/rotation-db-subjects";
import { useSuiteEnv } from "../../support/suite-env";

describe("postgres alternating users", async () => {
  const cluster = await postgresForTests();
  if (!cluster) return void it.skip("needs the database (see the warning above)", () => {});
  useSuiteEnv({ DB_TLS_CA_FILE: cluster.caFile });
  const subject = postgresAlternatingUsers(cluster);
  const world = useContractWorld([subject]);

  it("the server refuses a wrong password", async () => {
    expect(await postgresLogsIn(cluster, cluster.adminUser, nastyPassword())).toBe(false);
  });

  describe(contractTitle(subject), () => {
    describeRotationContract(subject, world);
  });

  async function readsTable(value: string): Promise<boolean> {
    const { username, password } = JSON.parse(value) as { username: string; password: string };
    const client = new pg.Client({
      host: cluster?.host,
      port: cluster?.port,
      user: username,
      password,
      database: "postgres",
    });
    await client.connect();
    try {
      const result = await client.query(`SELECT n FROM ${subject.tableOf(username)}`);
      return result.rows[0]?.n === 42;
    } finally {
      await client.end();
    }
  }

  it("two rotations: the clone is made with the original's grants, then the original comes back; the current user works throughout", async () => {
    const d = new RotationDriver(world(), subject);
    const { arn, firstVersion } = await d.newSecret();
    const original = (await d.value(arn, { stage: "AWSCURRENT" })) ?? "";
    const first = await d.rotate(arn);
    await d.expectRotated(arn, firstVersion, first);
    const afterFirst = (await d.value(arn, { stage: "AWSCURRENT" })) ?? "";
    expect(JSON.parse(afterFirst).username).toBe(`${JSON.parse(original).username}_clone`);
    expect(await readsTable(afterFirst)).toBe(true);
    expect(await subject.logsIn(original)).toBe(true);
    const second = await d.rotate(arn);
    await d.expectRotated(arn, first, second);
    const afterSecond = (await d.value(arn, { stage: "AWSCURRENT" })) ?? "";
    expect(JSON.parse(afterSecond).username).toBe(JSON.parse(original).username);
    expect(await readsTable(afterSecond)).toBe(true);
    expect(await subject.logsIn(afterFirst)).toBe(true);
    expect(await subject.logsIn(original)).toBe(false);
  });
});
