/**
 * Real servers' errors that quote a password: MariaDB's syntax error quotes the SQL near the fault (the
 * password backslash-escaped, cut short), PostgreSQL's an unterminated literal (quotes doubled). Neither
 * holds the password exactly, so exact-value redaction misses it; the rotation error keeps only codes.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { clearRegisteredSecretValues, registerSecretValue } from "../../../shared/observability/redaction";
import { toRotationError } from "../../../shared/rotation/errors";
import { asMariaDbRoot, mariadbForTests } from "../../support/db-mariadb";
import { asPostgresAdmin, postgresForTests } from "../../support/db-postgres";

async function thrown(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the statement to fail");
}

afterEach(() => clearRegisteredSecretValues());

describe("a MariaDB syntax error quoting a password", async () => {
  const server = await mariadbForTests();
  if (!server) return void it.skip("needs MariaDB (see the warning above)", () => {});
  it("reaches the rotation error as codes and fixed text only", async () => {
    const marker = randomBytes(6).toString("hex");
    const password = `it's "q" \\ ${marker} ; -- 100% `;
    registerSecretValue(password);
    const error = await thrown(() =>
      asMariaDbRoot(server, (c) => c.query("ALTER USER 'nobody'@'%' IDENTIFIED BY BY ?", [password])),
    );
    // The hazard is real: the driver's message holds the password's escaped form, not the exact value.
    expect(error.message).toContain(marker);
    expect(error.message).not.toContain(password);
    const failure = toRotationError(error, "setSecret", "app/db");
    expect(failure.message).not.toContain(marker);
    expect(failure.message).toMatch(/database error: SQL syntax error \(ER_PARSE_ERROR, errno 1064/);
  });
});

describe("a PostgreSQL error quoting a password", async () => {
  const cluster = await postgresForTests();
  if (!cluster) return void it.skip("needs PostgreSQL (see the warning above)", () => {});
  it("reaches the rotation error as its SQLSTATE and fixed text only", async () => {
    const marker = randomBytes(6).toString("hex");
    const password = `it's ${marker} "q"`;
    registerSecretValue(password);
    const unterminated = pg.escapeLiteral(password).slice(0, -1);
    const error = await thrown(() => asPostgresAdmin(cluster, (c) => c.query(`SELECT ${unterminated}`)));
    expect(error.message).toContain(marker);
    expect(error.message).not.toContain(password);
    const failure = toRotationError(error, "setSecret", "app/db");
    expect(failure.message).not.toContain(marker);
    expect(failure.message).toMatch(/database error: syntax error \(SQLSTATE 42601\)/);
  });
});
