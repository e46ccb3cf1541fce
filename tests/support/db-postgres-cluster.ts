/**
 * A PostgreSQL cluster of its own for the rotation tests: password authentication by SCRAM-SHA-256 only
 * (the machine's cluster on 5432 trusts local connections, which proves nothing about passwords),
 * `log_statement = 'all'` into a log file the tests read, and TLS with a test CA.
 *
 * One cluster per vitest run: the first test file that needs it starts it (under a lock, from the
 * installed binaries) and writes its port to a state file beside it; the others reuse it. A detached
 * watchdog stops it and removes its folder when the vitest process (the parent of the test workers)
 * ends, so CI needs no global setup. initdb and pg_ctl refuse root: as root they run as `postgres`.
 * A second cluster of the same kind with `trust` authentication (any password logs in) serves the
 * tests that a rotation refuses a server which does not check passwords.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "./ports";

/**
 * How the cluster checks logins: `scram-sha-256` (the rotation tests), or `trust`, a server that takes any
 * password (the PasswordsNotChecked test: a strategy must notice it, never report success).
 */
export type ClusterAuth = "scram-sha-256" | "trust";

export interface PostgresCluster {
  host: string;
  port: number;
  /** A superuser that logs in with a password (test-only, made for this run). */
  adminUser: string;
  adminPassword: string;
  /** The server's log, every statement included. */
  logFile: string;
  /** The CA that signed the server's certificate (issued for `localhost`). */
  caFile: string;
}

const ADMIN_USER = "rotation_admin";

function binDir(): string | undefined {
  try {
    return execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
  } catch {
    return existsSync("/usr/lib/postgresql/15/bin/initdb") ? "/usr/lib/postgresql/15/bin" : undefined;
  }
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as `postgres` when we are root. */
function runPg(bin: string, args: string[]): void {
  const [command, finalArgs] = isRoot() ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  execFileSync(command, finalArgs, { stdio: "pipe", timeout: 60_000 });
}

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: "pipe" });
}

/** A test CA (`ca.crt`) and a server certificate for `localhost` it signed (`server.crt`, `server.key`) in `dir`. */
export function makeCertificates(dir: string): void {
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(
    [
      "req",
      "-x509",
      ...ec,
      "-keyout",
      "ca.key",
      "-out",
      "ca.crt",
      "-days",
      "2",
      "-subj",
      "/CN=rotation-test-ca",
    ],
    dir,
  );
  openssl(["req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"], dir);
  writeFileSync(join(dir, "server.ext"), "subjectAltName=DNS:localhost\n");
  openssl(
    ["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial"].concat([
      "-out",
      "server.crt",
      "-days",
      "2",
      "-extfile",
      "server.ext",
    ]),
    dir,
  );
  chmodSync(join(dir, "server.key"), 0o600);
}

function chownToPostgres(path: string): void {
  if (isRoot()) execFileSync("chown", ["-R", "postgres:postgres", path]);
}

async function initAndStart(bin: string, dir: string, auth: ClusterAuth): Promise<PostgresCluster> {
  const port = await freePort();
  const adminPassword = randomBytes(18).toString("base64url");
  const data = join(dir, "data");
  const logFile = join(dir, "server.log");
  writeFileSync(join(dir, "pwfile"), `${adminPassword}\n`, { mode: 0o600 });
  makeCertificates(dir);
  chownToPostgres(dir);
  runPg(join(bin, "initdb"), [
    "-D",
    data,
    "-U",
    ADMIN_USER,
    `--pwfile=${join(dir, "pwfile")}`,
    `--auth=${auth}`,
    "-E",
    "UTF8",
    "--no-sync",
  ]);
  rmSync(join(dir, "pwfile"));
  const conf = [
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${dir}'`,
    "password_encryption = 'scram-sha-256'",
    "log_statement = 'all'",
    "log_connections = on",
    "ssl = on",
    `ssl_cert_file = '${join(dir, "server.crt")}'`,
    `ssl_key_file = '${join(dir, "server.key")}'`,
    "fsync = off",
    "max_connections = 200",
  ];
  writeFileSync(join(data, "postgresql.auto.conf"), `${conf.join("\n")}\n`);
  writeFileSync(join(data, "pg_hba.conf"), `local all all ${auth}\nhost all all 127.0.0.1/32 ${auth}\n`);
  chownToPostgres(dir);
  runPg(join(bin, "pg_ctl"), ["-D", data, "-l", logFile, "-w", "-t", "60", "start"]);
  return {
    host: "127.0.0.1",
    port,
    adminUser: ADMIN_USER,
    adminPassword,
    logFile,
    caFile: join(dir, "ca.crt"),
  };
}

/** Stops the cluster and removes its folder once process `ownerPid` has ended. */
function startWatchdog(bin: string, dir: string, ownerPid: number): void {
  const stop = `${isRoot() ? "runuser -u postgres -- " : ""}'${join(bin, "pg_ctl")}' -D '${join(dir, "data")}' -m fast stop`;
  const script = `while kill -0 ${ownerPid} 2>/dev/null; do sleep 1; done; ${stop} >/dev/null 2>&1; rm -rf '${dir}'`;
  spawn("sh", ["-c", script], { detached: true, stdio: "ignore" }).unref();
}

async function withLock<T>(lockDir: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`could not take ${lockDir}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function isRunning(bin: string, dir: string): boolean {
  try {
    runPg(join(bin, "pg_ctl"), ["-D", join(dir, "data"), "status"]);
    return true;
  } catch {
    return false;
  }
}

/** The folder of the run's cluster with `auth` (its state file is `<folder>.json`). */
export function clusterDir(ownerPid: number, auth: ClusterAuth): string {
  return `/tmp/sml-rotation-pg-${auth === "trust" ? "trust-" : ""}${ownerPid}`;
}

/** The run's clusters that are up now (read from their state files), for the end-of-run check. */
export function runningClusters(ownerPid: number): PostgresCluster[] {
  return (["scram-sha-256", "trust"] as const).flatMap((auth) => {
    const stateFile = `${clusterDir(ownerPid, auth)}.json`;
    return existsSync(stateFile) ? [JSON.parse(readFileSync(stateFile, "utf8")) as PostgresCluster] : [];
  });
}

/**
 * The run's cluster, started on first use; undefined when PostgreSQL's binaries are not installed.
 *
 * @example
 * const cluster = await ensurePostgresCluster(); // { port, adminUser, adminPassword, logFile, caFile }
 */
export async function ensurePostgresCluster(
  ownerPid: number = process.ppid,
  auth: ClusterAuth = "scram-sha-256",
): Promise<PostgresCluster | undefined> {
  const bin = binDir();
  if (!bin || !existsSync(join(bin, "initdb"))) return undefined;
  const dir = clusterDir(ownerPid, auth);
  const stateFile = `${dir}.json`;
  return withLock(`${dir}.lock`, async () => {
    if (existsSync(stateFile) && isRunning(bin, dir)) {
      return JSON.parse(readFileSync(stateFile, "utf8")) as PostgresCluster;
    }
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const cluster = await initAndStart(bin, dir, auth);
    writeFileSync(stateFile, JSON.stringify(cluster), { mode: 0o600 });
    startWatchdog(bin, dir, ownerPid);
    spawn("sh", ["-c", `while kill -0 ${ownerPid} 2>/dev/null; do sleep 1; done; rm -f '${stateFile}'`], {
      detached: true,
      stdio: "ignore",
    }).unref();
    return cluster;
  });
}
