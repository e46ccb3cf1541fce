/**
 * A MariaDB server of a test's own, with the binary log and the general log on, so a test can search
 * both for what a rotation sent (the machine's shared server has them off, and turning them on there
 * would log every other test's statements). `mariadb-install-db` makes a fresh data folder in /tmp, the
 * server runs as the `mysql` user when we are root, listens on a free loopback port, and a watchdog
 * stops it and removes the folder if the test process dies before `stop()`.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import mysql from "mysql2/promise";
import { availableOrSkip, errorName } from "./db-availability";
import type { MariaDbServer } from "./db-mariadb";
import { freePort } from "./ports";
import { waitFor } from "./wait";

export interface OwnMariaDb extends MariaDbServer {
  /** Every byte of the general log and of every binary log file so far. */
  logs(): { general: Buffer; binary: Buffer };
  stop(): Promise<void>;
}

const SERVER = "/usr/sbin/mariadbd";
const INSTALL = "/usr/bin/mariadb-install-db";
const isRoot = () => process.getuid?.() === 0;

function asServerUser(command: string, args: string[]): [string, string[]] {
  return isRoot() ? ["runuser", ["-u", "mysql", "--", command, ...args]] : [command, args];
}

/**
 * Starts the server, or answers undefined (skipped loudly, or a failure under REQUIRE_DB=1) when MariaDB's
 * server binaries are not installed.
 *
 * @example
 * const own = await startOwnMariaDb();
 * ...; const { general, binary } = own.logs(); await own.stop();
 */
export async function startOwnMariaDb(): Promise<OwnMariaDb | undefined> {
  const what = "MariaDB (a server of the test's own, logs on)";
  if (!existsSync(SERVER) || !existsSync(INSTALL)) return availableOrSkip(what, undefined, "not installed");
  try {
    return await start();
  } catch (error) {
    return availableOrSkip(what, undefined, errorName(error));
  }
}

async function start(): Promise<OwnMariaDb> {
  const dir = mkdtempSync("/tmp/sml-mariadb-");
  if (isRoot()) execFileSync("chown", ["mysql:mysql", dir]);
  const data = join(dir, "data");
  const [install, installArgs] = asServerUser(INSTALL, [
    "--no-defaults",
    `--datadir=${data}`,
    "--auth-root-authentication-method=normal",
    "--skip-test-db",
  ]);
  execFileSync(install, installArgs, { stdio: "pipe", timeout: 60_000 });
  const port = await freePort();
  const socket = join(dir, "sock");
  const generalLog = join(dir, "general.log");
  const [command, args] = asServerUser(SERVER, [
    "--no-defaults",
    `--datadir=${data}`,
    `--port=${port}`,
    "--bind-address=127.0.0.1",
    `--socket=${socket}`,
    `--pid-file=${join(dir, "server.pid")}`,
    `--log-bin=${join(data, "binlog")}`,
    "--general-log=1",
    `--general-log-file=${generalLog}`,
    "--skip-name-resolve",
    "--innodb-buffer-pool-size=16M",
    "--log-error",
  ]);
  const pidFile = join(dir, "server.pid");
  const child: ChildProcess = spawn(command, args, { stdio: "ignore" });
  // If this process dies first, the server and its folder go with it.
  const stopServer = `kill $(cat '${pidFile}') 2>/dev/null; sleep 3`;
  spawn(
    "sh",
    ["-c", `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${stopServer}; rm -rf '${dir}'`],
    { detached: true, stdio: "ignore" },
  ).unref();
  // root@localhost has no password: over the socket it makes an admin for TCP logins.
  await waitFor(() => existsSync(socket) || undefined, 30_000);
  const adminPassword = randomBytes(18).toString("base64url");
  const local = await waitFor(
    () => mysql.createConnection({ socketPath: socket, user: "root" }).catch(() => undefined),
    30_000,
  );
  await local.query("CREATE USER 'sml_admin'@'127.0.0.1' IDENTIFIED BY ?", [adminPassword]);
  await local.query("GRANT ALL PRIVILEGES ON *.* TO 'sml_admin'@'127.0.0.1' WITH GRANT OPTION");
  await local.end();
  return {
    host: "127.0.0.1",
    port,
    rootUser: "sml_admin",
    rootPassword: adminPassword,
    logs: () => ({
      general: existsSync(generalLog) ? readFileSync(generalLog) : Buffer.alloc(0),
      binary: Buffer.concat(
        readdirSync(data)
          .filter((file) => /^binlog\.\d+$/.test(file))
          .map((file) => readFileSync(join(data, file))),
      ),
    }),
    stop: async () => {
      const exited = new Promise<void>((resolve) => {
        if (child.exitCode !== null) resolve();
        else child.once("exit", () => resolve());
      });
      const pid = Number(readFileSync(pidFile, "utf8").trim());
      if (Number.isInteger(pid) && pid > 1) process.kill(pid, "SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
