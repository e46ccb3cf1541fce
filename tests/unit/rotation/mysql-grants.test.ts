import { describe, expect, it } from "vitest";
import { accountForms, elevatedIn, parseGrant, rewriteGrant } from "../../../shared/rotation/mysql/grants.js";
import { mysqlNativeHash, pluginOf } from "../../../shared/rotation/mysql/native-password.js";

const CLONE = "'app_clone'@'%'";

describe("rewriteGrant", () => {
  it.each([
    ["GRANT SELECT, INSERT ON `shop`.* TO `app`@`%`", "GRANT SELECT, INSERT ON `shop`.* TO 'app_clone'@'%'"],
    [
      "GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED BY PASSWORD '*2B60229'",
      "GRANT USAGE ON *.* TO 'app_clone'@'%'",
    ],
    [
      "GRANT ALL PRIVILEGES ON `a`.`t` TO `app`@`%` WITH GRANT OPTION",
      "GRANT ALL PRIVILEGES ON `a`.`t` TO 'app_clone'@'%' WITH GRANT OPTION",
    ],
    ["GRANT `reporting` TO `app`@`%`", "GRANT `reporting` TO 'app_clone'@'%'"],
    ["GRANT SELECT ON `x`.* TO 'app'@'%'", "GRANT SELECT ON `x`.* TO 'app_clone'@'%'"],
  ])("copies %s", (grant, expected) => {
    expect(rewriteGrant(grant, "app", "%", CLONE)).toBe(expected);
  });

  it("skips PROXY grants and grants to someone else", () => {
    expect(rewriteGrant("GRANT PROXY ON ''@'%' TO `app`@`%`", "app", "%", CLONE)).toBeUndefined();
    expect(rewriteGrant("GRANT SELECT ON *.* TO `other`@`%`", "app", "%", CLONE)).toBeUndefined();
  });

  it("quotes user and host the way the server prints them", () => {
    expect(accountForms("o`dd'", "10.%")).toEqual(["`o``dd'`@`10.%`", "'o`dd\\''@'10.%'"]);
  });
});

describe("parseGrant and elevatedIn: what SHOW GRANTS says makes a user too powerful", () => {
  const reasons = (line: string) => {
    const grant = parseGrant(line);
    if (!grant) throw new Error(`not parsed: ${line}`);
    return elevatedIn(grant);
  };

  it("reads privilege lists with column lists, role grants (MariaDB and MySQL 8) and options", () => {
    expect(
      parseGrant("GRANT SELECT (`User`, `Host`), INSERT ON `mysql`.`user` TO `app`@`%` WITH GRANT OPTION"),
    ).toEqual({
      privileges: ["SELECT", "INSERT"],
      on: "`mysql`.`user`",
      roles: [],
      grantOption: true,
      adminOption: false,
    });
    expect(parseGrant("GRANT `r1`, `r``2` TO `app`@`%` WITH ADMIN OPTION")).toMatchObject({
      roles: [{ name: "r1" }, { name: "r`2" }],
      adminOption: true,
    });
    expect(parseGrant("GRANT `r1`@`%`,`r2`@`localhost` TO `app`@`%`")).toMatchObject({
      roles: [
        { name: "r1", host: "%" },
        { name: "r2", host: "localhost" },
      ],
    });
    // A password hash (or any quoted text) never reads as an option.
    expect(
      parseGrant("GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED VIA ed25519 USING ' WITH GRANT OPTION'"),
    ).toMatchObject({ grantOption: false });
    expect(parseGrant("SET DEFAULT ROLE `r1` FOR `app`@`%`")).toBeUndefined();
  });

  it.each([
    ["GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED BY PASSWORD '*B690'", []],
    ["GRANT SELECT, INSERT, UPDATE ON `shop`.* TO `app`@`%`", []],
    ["GRANT PROCESS, SHOW DATABASES, REPLICATION CLIENT ON *.* TO `app`@`%`", []],
    ["GRANT SELECT ON `shop`.`t` TO `app`@`%`", []],
    ["GRANT `reporting` TO `app`@`%`", []],
    ["GRANT SUPER ON *.* TO `app`@`%`", ["SUPER on *.*"]],
    ["GRANT CREATE USER ON *.* TO `app`@`%`", ["CREATE USER on *.*"]],
    ["GRANT ALL PRIVILEGES ON *.* TO `app`@`%`", ["ALL PRIVILEGES on *.*"]],
    ["GRANT SELECT ON *.* TO `app`@`%`", ["SELECT on *.*"]],
    ["GRANT BINLOG ADMIN, SET USER ON *.* TO `app`@`%`", ["BINLOG ADMIN on *.*", "SET USER on *.*"]],
    ["GRANT BACKUP_ADMIN,SYSTEM_USER ON *.* TO `app`@`%`", ["BACKUP_ADMIN on *.*", "SYSTEM_USER on *.*"]],
    ["GRANT USAGE ON *.* TO `app`@`%` WITH GRANT OPTION", ["GRANT OPTION on *.*"]],
    ["GRANT SELECT ON `shop`.* TO `app`@`%` WITH GRANT OPTION", ["GRANT OPTION on `shop`.*"]],
    ["GRANT SELECT ON `mysql`.`user` TO `app`@`%`", ["SELECT on `mysql`.`user`"]],
    ["GRANT SELECT (`User`) ON `mysql`.`db` TO `app`@`%`", ["SELECT on `mysql`.`db`"]],
    ["GRANT SELECT ON `m%`.* TO `app`@`%`", ["SELECT on `m%`.*"]],
    ["GRANT SELECT ON `my_ql`.* TO `app`@`%`", ["SELECT on `my_ql`.*"]],
    ["GRANT SELECT ON `my\\_ql`.* TO `app`@`%`", []],
    ["GRANT EXECUTE ON PROCEDURE `mysql`.`p` TO `app`@`%`", ["EXECUTE on PROCEDURE `mysql`.`p`"]],
    ["GRANT PROXY ON ''@'%' TO 'app'@'%'", ["PROXY"]],
    ["GRANT `r1` TO `app`@`%` WITH ADMIN OPTION", ["ADMIN OPTION on the role r1"]],
  ])("%s", (line, expected) => {
    expect(reasons(line)).toEqual(expected);
  });
});

describe("mysql_native_password", () => {
  it("hashes as the server stores it, and reads the plugin SHOW CREATE USER names", () => {
    expect(mysqlNativeHash("x")).toBe("*B69027D44F6E5EDC07F1AEAD1477967B16F28227");
    expect(
      pluginOf("CREATE USER `a`@`%` IDENTIFIED BY PASSWORD '*B69027D44F6E5EDC07F1AEAD1477967B16F28227'"),
    ).toBe("mysql_native_password");
    expect(pluginOf("CREATE USER `a`@`%`")).toBe("none");
    expect(pluginOf("CREATE USER `a`@`%` IDENTIFIED VIA ed25519 USING 'x'")).toBe("ed25519");
    expect(
      pluginOf("CREATE USER `a`@`%` IDENTIFIED VIA unix_socket OR mysql_native_password USING '*B6'"),
    ).toBe("several");
    expect(pluginOf("CREATE USER `a`@`%` IDENTIFIED WITH 'caching_sha2_password' AS '$A$005$x'")).toBe(
      "caching_sha2_password",
    );
    expect(pluginOf("CREATE USER `a`@`%` IDENTIFIED WITH 'mysql_native_password' AS '*B6'")).toBe(
      "mysql_native_password",
    );
  });
});
