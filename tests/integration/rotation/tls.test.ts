/**
 * TLS is verified or refused, never silently dropped: a server certificate from an unknown CA, a name
 * that does not match, or a server without TLS each make the connection (and the step) fail. A
 * configured server name (`tlsServerName`, `DB_TLS_SERVERNAME`) is the name checked, on both engines.
 */
import { afterAll, describe, expect, it } from "vitest";
import { parseDatabaseSecret } from "../../../shared/rotation/database/credentials";
import { tlsSettings } from "../../../shared/rotation/database/tls";
import { mysqlDriver } from "../../../shared/rotation/mysql/driver";
import { postgresDriver } from "../../../shared/rotation/postgres/driver";
import { mariadbForTests } from "../../support/db-mariadb";
import { postgresForTests } from "../../support/db-postgres";
import { RotationDriver, useContractWorld } from "../../support/rotation-contract";
import { postgresSingleUser } from "../../support/rotation-db-subjects";
import { startFakeMysqlTlsServer } from "../../support/rotation-mysql-tls-server";

async function loginError(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    // mysql2 reports a TLS failure as HANDSHAKE_SSL_ERROR, with Node's reason in the message.
    const code = (error as { code?: unknown }).code;
    return code === "HANDSHAKE_SSL_ERROR"
      ? `${code}: ${(error as Error).message}`
      : String(code ?? (error as Error).message);
  }
  throw new Error("expected the login to fail");
}

describe("PostgreSQL over TLS", async () => {
  const cluster = await postgresForTests();
  if (!cluster) return void it.skip("needs PostgreSQL (see the warning above)", () => {});
  const admin = (extra: Record<string, unknown>) =>
    parseDatabaseSecret(
      JSON.stringify({
        host: cluster.host,
        port: cluster.port,
        username: cluster.adminUser,
        password: cluster.adminPassword,
        ...extra,
      }),
      "current",
      5432,
    );
  const withCa = { DB_TLS_CA_FILE: cluster.caFile };

  it("logs in with the certificate verified against the configured CA and server name", async () => {
    const secret = admin({ ssl: true, tlsServerName: "localhost" });
    const session = await postgresDriver().login(secret, tlsSettings(secret, withCa));
    expect(session).not.toBe("refused");
    if (session !== "refused") await session.close();
  });

  it("refuses a certificate from a CA it was not given (no fallback to plain text)", async () => {
    const secret = admin({ ssl: true, tlsServerName: "localhost" });
    expect(await loginError(() => postgresDriver().login(secret, tlsSettings(secret, {})))).toMatch(
      /SELF_SIGNED|UNABLE_TO_VERIFY/,
    );
  });

  it("refuses a certificate whose name does not match (host 127.0.0.1, certificate for localhost)", async () => {
    const secret = admin({ ssl: true });
    expect(await loginError(() => postgresDriver().login(secret, tlsSettings(secret, withCa)))).toMatch(
      /ALTNAME|IP: 127\.0\.0\.1/,
    );
  });

  describe("a rotation whose database certificate cannot be verified", () => {
    const subject = postgresSingleUser(cluster);
    const world = useContractWorld([subject]);
    it("fails at setSecret and leaves AWSCURRENT where it was", async () => {
      const saved = process.env.DB_TLS_CA_FILE;
      delete process.env.DB_TLS_CA_FILE;
      try {
        const d = new RotationDriver(world(), subject);
        const { arn, firstVersion } = await d.newSecret();
        const token = await d.rotate(arn);
        const steps = world().lambdas.invoked.filter((s) => s.token === token);
        expect(steps.map((s) => `${s.step}:${s.ok}`)).toEqual(["createSecret:true", "setSecret:false"]);
        expect((await d.stages(arn))[firstVersion]).toContain("AWSCURRENT");
        expect(world().logLines.some((line) => /SELF_SIGNED|UNABLE_TO_VERIFY/.test(line))).toBe(true);
        d.expectNoPasswordInLogs();
      } finally {
        if (saved !== undefined) process.env.DB_TLS_CA_FILE = saved;
      }
    });
  });
});

describe("MySQL/MariaDB without TLS on the server", async () => {
  const mariadb = await mariadbForTests();
  if (!mariadb) return void it.skip("needs MariaDB (see the warning above)", () => {});
  it('a secret without "ssl" means TLS, so a server without TLS is refused rather than used in plain text', async () => {
    const secret = parseDatabaseSecret(
      JSON.stringify({
        host: mariadb.host,
        port: mariadb.port,
        username: mariadb.rootUser,
        password: mariadb.rootPassword || "x",
      }),
      "current",
      3306,
    );
    expect(await loginError(() => mysqlDriver().login(secret, tlsSettings(secret, {})))).toMatch(
      /HANDSHAKE_NO_SSL_SUPPORT|SSL/,
    );
  });
});

describe("MySQL/MariaDB over TLS with a configured server name (a fake TLS server, the test CA)", async () => {
  const server = await startFakeMysqlTlsServer();
  afterAll(() => server.close());
  const secret = (extra: Record<string, unknown>) =>
    parseDatabaseSecret(
      JSON.stringify({ host: server.host, port: server.port, username: "app", password: "p", ...extra }),
      "current",
      3306,
    );
  const withCa = { DB_TLS_CA_FILE: server.caFile };

  it("host 127.0.0.1 with tlsServerName localhost: the certificate is checked against localhost and accepted", async () => {
    const s = secret({ ssl: true, tlsServerName: "localhost" });
    const logins = server.seen.logins;
    // The fake server answers the login "access denied": getting that far means TLS was accepted.
    expect(await mysqlDriver().login(s, tlsSettings(s, withCa))).toBe("refused");
    expect(server.seen.logins).toBe(logins + 1);
    expect(server.seen.servernames.at(-1)).toBe("localhost");
  });

  it("DB_TLS_SERVERNAME works the same way", async () => {
    const s = secret({ ssl: true });
    expect(await mysqlDriver().login(s, tlsSettings(s, { ...withCa, DB_TLS_SERVERNAME: "localhost" }))).toBe(
      "refused",
    );
  });

  it("a configured name the certificate does not carry is refused before any credential is sent", async () => {
    const s = secret({ ssl: true, tlsServerName: "db.example.test" });
    const logins = server.seen.logins;
    expect(await loginError(() => mysqlDriver().login(s, tlsSettings(s, withCa)))).toMatch(
      /altnames|ALTNAME/,
    );
    expect(server.seen.logins).toBe(logins);
  });

  it("without a configured name the IP itself is checked, and refused (the certificate is for localhost)", async () => {
    const s = secret({ ssl: true });
    const logins = server.seen.logins;
    expect(await loginError(() => mysqlDriver().login(s, tlsSettings(s, withCa)))).toMatch(
      /IP: 127\.0\.0\.1 is not in the cert's list/,
    );
    expect(server.seen.logins).toBe(logins);
  });

  it("a certificate from a CA it was not given is refused, whatever the name", async () => {
    const s = secret({ ssl: true, tlsServerName: "localhost" });
    expect(await loginError(() => mysqlDriver().login(s, tlsSettings(s, {})))).toMatch(
      /SELF_SIGNED|UNABLE_TO_VERIFY|self[- ]signed|unable to verify/i,
    );
  });
});
