/** ROTATION_ALLOWED_HOSTS: the entry syntax, what each entry allows, and what is refused (host-allowlist.ts). */
import { describe, expect, it } from "vitest";
import {
  assertHostAllowed,
  type ConnectTarget,
  isLoopback,
  parseAllowedHosts,
} from "../../../shared/rotation/database/host-allowlist.js";
import { StrategyError } from "../../../shared/rotation/errors.js";

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StrategyError);
    expect((error as StrategyError).code).toBe("HostNotAllowed");
    return (error as Error).message;
  }
  throw new Error("expected a refusal");
}

const RDS = ".abc123xyz.us-east-1.rds.amazonaws.com";

describe("parseAllowedHosts", () => {
  it("reads hosts, suffixes, IPv6 in brackets, ports, `*` and TLS names", () => {
    expect(parseAllowedHosts(` db.internal , ${RDS}:5432,[fd00::5]:*,10.0.0.5:3306=DB.Internal,`)).toEqual([
      { host: "db.internal", suffix: false, port: "default", entry: "db.internal" },
      { host: RDS, suffix: true, port: 5432, entry: `${RDS}:5432` },
      { host: "fd00::5", suffix: false, port: "any", entry: "[fd00::5]:*" },
      {
        host: "10.0.0.5",
        suffix: false,
        port: 3306,
        tlsName: "db.internal",
        entry: "10.0.0.5:3306=DB.Internal",
      },
    ]);
    expect(parseAllowedHosts("")).toEqual([]);
  });

  it.each([
    [".rds.amazonaws.com", /too broad/],
    [".us-east-1.rds.amazonaws.com", /too broad/],
    [".com", /too broad/],
    [".example.com", /too broad/],
    ["db.internal:0", /no valid port/],
    ["db.internal:70000", /no valid port/],
    ["db.internal:5432:1", /IPv6 address in brackets/],
    ["fd00::5", /IPv6 address in brackets/],
    ["db internal", /not a host/],
    ["db.internal=", /malformed/],
    ["db.internal=a=b", /malformed/],
    ["[fd00::5", /malformed/],
    ["db.internal=bad name", /no valid TLS server name/],
  ])("refuses the entry %s", (entry, why) => {
    expect(refusal(() => parseAllowedHosts(`db.ok:5432,${entry}`))).toMatch(why);
  });
});

describe("assertHostAllowed", () => {
  const rules = parseAllowedHosts(
    `${RDS}:5432,10.0.0.5:3306=db.internal,db.internal,127.0.0.1:*=localhost,127.0.0.1:*`,
  );
  const allowed =
    (target: ConnectTarget, defaultPort = 5432) =>
    () =>
      assertHostAllowed(target, defaultPort, rules);

  it.each([
    [{ host: `shop${RDS}`, port: 5432, tlsName: `shop${RDS}` }],
    [{ host: `SHOP${RDS.toUpperCase()}.`, port: 5432, tlsName: `shop${RDS}` }],
    [{ host: "10.0.0.5", port: 3306, tlsName: "db.internal" }],
    [{ host: "db.internal", port: 5432, tlsName: "db.internal" }],
    [{ host: "127.0.0.1", port: 40000, tlsName: "localhost" }],
    [{ host: "127.0.0.1", port: 40000, tlsName: "127.0.0.1" }],
    [{ host: "127.0.0.1", port: 40000 }],
  ])("allows %j", (target) => {
    expect(allowed(target)).not.toThrow();
  });

  it.each([
    [{ host: RDS.slice(1), port: 5432 }, /not allowed/],
    [{ host: `shop${RDS}`, port: 5433 }, /port 5433 is not allowed/],
    [{ host: `shop.other${RDS.replace("abc123xyz", "zzz")}`, port: 5432 }, /not allowed/],
    [{ host: "10.0.0.5", port: 3307, tlsName: "db.internal" }, /not allowed/],
    [{ host: "10.0.0.6", port: 3306 }, /not allowed/],
    // An entry without a port allows the engine's default only.
    [{ host: "db.internal", port: 6543, tlsName: "db.internal" }, /not allowed/],
    [{ host: "10.0.0.5", port: 3306, tlsName: "evil.example" }, /TLS server name "evil.example"/],
    [{ host: "10.0.0.5", port: 3306, tlsName: "10.0.0.5" }, /TLS server name/],
    [{ host: `shop${RDS}`, port: 5432, tlsName: "evil.example" }, /TLS server name/],
    [{ host: "127.0.0.1", port: 40000, tlsName: "db.internal" }, /TLS server name/],
  ])("refuses %j", (target, why) => {
    expect(refusal(allowed(target))).toMatch(why);
  });

  it("allows nothing when the list is empty", () => {
    expect(refusal(() => assertHostAllowed({ host: "127.0.0.1", port: 5432 }, 5432, []))).toMatch(
      /ROTATION_ALLOWED_HOSTS is empty/,
    );
  });
});

describe("isLoopback", () => {
  it.each(["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]"])("%s is loopback", (host) => {
    expect(isLoopback(host)).toBe(true);
  });
  it.each(["localhost.evil.test", "127.0.0.1.nip.io", "10.0.0.1", "::2", "db"])("%s is not", (host) => {
    expect(isLoopback(host)).toBe(false);
  });
});
