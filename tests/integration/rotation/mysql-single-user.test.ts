import { describe, expect, it } from "vitest";
import { mysqlNativeHash } from "../../../shared/rotation/mysql/native-password";
import { asMariaDbRoot, mariadbForTests, mariadbLogsIn } from "../../support/db-mariadb";
import {
  contractTitle,
  describeRotationContract,
  RotationDriver,
  useContractWorld,
} from "../../support/rotation-contract";
import { mysqlSingleUser, nastyPassword } from "../../support/rotation-db-subjects";

describe("mysql single user", async () => {
  const server = await mariadbForTests();
  if (!server) return void it.skip("needs the database (see the warning above)", () => {});
  const subject = mysqlSingleUser(server);
  const world = useContractWorld([subject]);

  it("the server refuses a wrong password (so the tests below prove something)", async () => {
    const d = new RotationDriver(world(), subject);
    const value = JSON.parse(await subject.newSecretValue({ client: d.client })) as {
      username: string;
      password: string;
    };
    expect(await mariadbLogsIn(server, value.username, value.password)).toBe(true);
    expect(await mariadbLogsIn(server, value.username, nastyPassword())).toBe(false);
  });

  describe(contractTitle(subject), () => {
    describeRotationContract(subject, world);
  });

  it("keeps the account's host part and the old password stops working", async () => {
    const d = new RotationDriver(world(), subject);
    const { arn, firstVersion } = await d.newSecret();
    await d.rotate(arn);
    const { username } = JSON.parse((await d.value(arn, { stage: "AWSCURRENT" })) ?? "{}") as {
      username: string;
    };
    const hosts = await asMariaDbRoot(server, async (c) => {
      const [rows] = await c.query("SELECT Host AS host FROM mysql.user WHERE User = ?", [username]);
      return (rows as { host: string }[]).map((row) => row.host);
    });
    expect(hosts).toEqual(["127.0.0.1"]);
    expect(await subject.logsIn((await d.value(arn, { versionId: firstVersion })) ?? "")).toBe(false);
  });

  it("an account with another authentication plugin is refused (UnsupportedAuthPlugin) and keeps its password", async () => {
    const d = new RotationDriver(world(), subject);
    const { arn } = await d.newSecret();
    const value = JSON.parse((await d.value(arn, { stage: "AWSCURRENT" })) ?? "{}") as {
      username: string;
      password: string;
    };
    // unix_socket OR mysql_native_password: it logs in over TCP, but its stored form is not one hash.
    await asMariaDbRoot(server, (c) =>
      c.query("ALTER USER ?@'127.0.0.1' IDENTIFIED VIA unix_socket OR mysql_native_password USING ?", [
        value.username,
        mysqlNativeHash(value.password),
      ]),
    );
    const token = await d.rotate(arn);
    expect(d.steps(token)).toEqual(["createSecret:true", "setSecret:false:UnsupportedAuthPlugin"]);
    expect(await mariadbLogsIn(server, value.username, value.password)).toBe(true);
  });
});
