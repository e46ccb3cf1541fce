/**
 * A database driver's error never reaches a rotation error's message as the driver wrote it: a MySQL
 * syntax error quotes the SQL near the fault, with the password in its escaped form and perhaps cut
 * short, which exact-value redaction cannot find. Only the codes and a fixed description remain.
 */
import { afterEach, describe, expect, it } from "vitest";
import { clearRegisteredSecretValues, registerSecretValue } from "../../../shared/observability/redaction.js";
import { describeCause, toRotationError } from "../../../shared/rotation/errors.js";

const PASSWORD = `it's "q" \\ $1 ; -- 100% 5ec4e7fa9b `;
/** How MySQL quotes it back: backslash-escaped, then cut off near the fault. */
const MYSQL_ESCAPED = PASSWORD.replaceAll("\\", "\\\\").replaceAll("'", "\\'").replaceAll('"', '\\"');

function mysqlParseError(): Error {
  const message = `You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near '${MYSQL_ESCAPED.slice(0, 30)}' at line 1`;
  return Object.assign(new Error(message), {
    code: "ER_PARSE_ERROR",
    errno: 1064,
    sqlState: "42000",
    sqlMessage: message,
    sql: `ALTER USER 'app'@'%' IDENTIFIED BY '${MYSQL_ESCAPED}' x`,
  });
}

function postgresSyntaxError(): Error {
  // PostgreSQL doubles quotes inside a literal: the exact password is not in the text either.
  const quoted = PASSWORD.replaceAll("'", "''");
  return Object.assign(new Error(`unterminated quoted string at or near "'${quoted.slice(0, 25)}"`), {
    severity: "ERROR",
    code: "42601",
    position: "30",
  });
}

afterEach(() => clearRegisteredSecretValues());

describe("driver errors in rotation errors", () => {
  it("a MySQL syntax error quoting an escaped, cut-short password keeps only its codes", () => {
    registerSecretValue(PASSWORD);
    const error = toRotationError(mysqlParseError(), "setSecret", "app/db");
    expect(error.message).toBe(
      "setSecret failed for secret app/db: database error: SQL syntax error (ER_PARSE_ERROR, errno 1064, SQLSTATE 42000)",
    );
    expect(error.causeCode).toBe("ER_PARSE_ERROR");
    for (const fragment of ["5ec4e7", "it\\'s", "$1 ;", "100%"])
      expect(error.message).not.toContain(fragment);
  });

  it("a PostgreSQL error keeps only its SQLSTATE and a fixed description", () => {
    registerSecretValue(PASSWORD);
    const text = describeCause(postgresSyntaxError());
    expect(text).toBe("database error: syntax error (SQLSTATE 42601)");
    expect(text).not.toContain("it''s");
  });

  it("an unknown driver code gets no description, still no message", () => {
    const error = Object.assign(new Error(`near '${MYSQL_ESCAPED}'`), {
      code: "ER_SOMETHING_NEW",
      errno: 4242,
      sqlState: "HY000",
    });
    expect(describeCause(error)).toBe("database error (ER_SOMETHING_NEW, errno 4242, SQLSTATE HY000)");
  });

  it("other errors keep their redacted message and code", () => {
    const error = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect(describeCause(error)).toBe("connect ECONNREFUSED 127.0.0.1:5432");
    registerSecretValue("s3cr3t-value-xyz");
    expect(describeCause(new Error("saw s3cr3t-value-xyz"))).not.toContain("s3cr3t-value-xyz");
  });
});
