/** PostgreSQL for rotation tests: the run's SCRAM cluster, an admin client and disposable roles. */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { scramSha256Verifier } from "../../shared/rotation/postgres/scram";
import { availableOrSkip, errorName } from "./db-availability";
import { ensurePostgresCluster, type PostgresCluster } from "./db-postgres-cluster";
import { testObjectName } from "./db-test-objects";

export type { PostgresCluster };

/**
 * The run's cluster, or undefined (skipped loudly, or a failure under REQUIRE_DB=1).
 *
 * @example
 * const cluster = await postgresForTests();
 * describe.skipIf(!cluster)("postgres", () => { ... });
 */
export async function postgresForTests(): Promise<PostgresCluster | undefined> {
  try {
    const cluster = await ensurePostgresCluster();
    return availableOrSkip("PostgreSQL (a scram-sha-256 cluster of its own)", cluster, "binaries not found");
  } catch (error) {
    return availableOrSkip("PostgreSQL (a scram-sha-256 cluster of its own)", undefined, errorName(error));
  }
}

/**
 * The run's cluster with `trust` authentication: every password logs in. Undefined as above.
 *
 * @example
 * const trusting = await trustPostgresForTests();
 */
export async function trustPostgresForTests(): Promise<PostgresCluster | undefined> {
  const what = "PostgreSQL (a trust cluster of its own)";
  try {
    return availableOrSkip(what, await ensurePostgresCluster(process.ppid, "trust"), "binaries not found");
  } catch (error) {
    return availableOrSkip(what, undefined, errorName(error));
  }
}

/** Runs `work` with a superuser client of the cluster. */
export async function asPostgresAdmin<T>(
  cluster: PostgresCluster,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({
    host: cluster.host,
    port: cluster.port,
    user: cluster.adminUser,
    password: cluster.adminPassword,
    database: "postgres",
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Whether `user` logs in with `password` (false when refused; other failures throw). */
export async function postgresLogsIn(
  cluster: PostgresCluster,
  user: string,
  password: string,
  port: number = cluster.port,
): Promise<boolean> {
  const client = new pg.Client({
    host: cluster.host,
    port,
    user,
    password,
    database: "postgres",
    connectionTimeoutMillis: 5_000,
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "28P01" || code === "28000") return false;
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * AWS's database secret JSON for a role of the test cluster: TLS on, the certificate checked against the
 * test CA's name. `port` replaces the cluster's (a TCP proxy in front of it, for instance).
 */
export function postgresSecretValue(
  cluster: PostgresCluster,
  username: string,
  password: string,
  port: number = cluster.port,
): Record<string, unknown> {
  return {
    engine: "postgres",
    host: cluster.host,
    port,
    username,
    password,
    dbname: "postgres",
    ssl: true,
    tlsServerName: "localhost",
  };
}

/**
 * A fresh role name of this run no other test uses, with capitals to prove quoting (the end-of-run
 * check finds any left behind: db-test-objects.ts).
 */
export function uniqueRoleName(kind = "r"): string {
  return testObjectName(kind, { capital: true });
}

/**
 * Creates a login role with `password`, sent as a SCRAM verifier so that the server log (which the tests
 * search for passwords) never holds a password the test itself sent.
 */
export async function createPostgresRole(
  cluster: PostgresCluster,
  name: string,
  password: string,
  extra = "",
): Promise<void> {
  await asPostgresAdmin(cluster, async (client) => {
    const verifier = pg.escapeLiteral(scramSha256Verifier(password));
    await client.query(`CREATE ROLE ${pg.escapeIdentifier(name)} WITH LOGIN ${extra} PASSWORD ${verifier}`);
  });
}

/** Gives `name` a password unknown to everyone (sabotage for testSecret-failure tests). */
export async function scramblePostgresPassword(cluster: PostgresCluster, name: string): Promise<void> {
  await asPostgresAdmin(cluster, async (client) => {
    const verifier = pg.escapeLiteral(scramSha256Verifier(randomBytes(24).toString("base64url")));
    await client.query(`ALTER ROLE ${pg.escapeIdentifier(name)} WITH PASSWORD ${verifier}`);
  });
}

/** Drops roles that exist (and whatever they own), ignoring those that do not. */
export async function dropPostgresRoles(cluster: PostgresCluster, names: string[]): Promise<void> {
  await asPostgresAdmin(cluster, async (client) => {
    for (const name of names) {
      const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [name]);
      if (exists.rowCount === 0) continue;
      await client.query(`DROP OWNED BY ${pg.escapeIdentifier(name)}`);
      await client.query(`DROP ROLE ${pg.escapeIdentifier(name)}`);
    }
  });
}
