import { describe, expect, it } from "vitest";
import { accountForms, rewriteGrant } from "../../../shared/rotation/mysql/grants.js";

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
