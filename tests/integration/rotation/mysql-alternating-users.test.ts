import mysql from "mysql2/promise";
import { describe, expect, it } from "vitest";
import { mariadbForTests, mariadbLogsIn } from "../../support/db-mariadb";
import {
  contractTitle,
  describeRotationContract,
  RotationDriver,
  useContractWorld,
} from "../../support/rotation-contract";
import { mysqlAlternatingUsers, nastyPassword } from "../../support/rotation-db-subjects";

describe("mysql alternating users", async () => {
  const server = await mariadbForTests();
  if (!server) return void it.skip("needs the database (see the warning above)", () => {});
  const subject = mysqlAlternatingUsers(server);
  const world = useContractWorld([subject]);

  it("the server refuses a wrong password", async () => {
    expect(await mariadbLogsIn(server, "root", nastyPassword())).toBe(false);
  });

  describe(contractTitle(subject), () => {
    describeRotationContract(subject, world);
  });

  async function readsTable(value: string): Promise<boolean> {
    const { username, password } = JSON.parse(value) as { username: string; password: string };
    const connection = await mysql.createConnection({
      host: server?.host,
      port: server?.port,
      user: username,
      password,
    });
    try {
      const [rows] = await connection.query(`SELECT n FROM ${subject.databaseOf(username)}.t`);
      return (rows as { n: number }[])[0]?.n === 42;
    } finally {
      await connection.end();
    }
  }

  it("two rotations: the clone gets the original's grants, then the original comes back; the current user works throughout", async () => {
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
  });
});
