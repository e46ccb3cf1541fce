/**
 * Alternating users do not trust the managed secret's value to choose the master or its target: anyone
 * who may write the secret (the secrets API's callers) could otherwise have the master set another
 * user's password and store it where they can read it, or copy another user's memberships onto a twin.
 * Each test writes such a value as AWSCURRENT, as an API caller could, then RotateSecret runs.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createSecret, putSecretValue } from "../../../shared/secrets";
import {
  asMariaDbRoot,
  createMariaDbUser,
  dropMariaDbUsers,
  mariadbForTests,
  mariadbLogsIn,
} from "../../support/db-mariadb";
import {
  asPostgresAdmin,
  createPostgresRole,
  dropPostgresRoles,
  postgresForTests,
  postgresLogsIn,
} from "../../support/db-postgres";
import { RotationDriver, type RotationSubject, useContractWorld } from "../../support/rotation-contract";
import {
  mysqlAlternatingUsers,
  nastyPassword,
  postgresAlternatingUsers,
} from "../../support/rotation-db-subjects";
import { useSuiteEnv } from "../../support/suite-env";

interface DbValue {
  username: string;
  password: string;
  masterarn: string;
}

const ENV_KEYS = ["ROTATION_ALLOWED_USERS", "ROTATION_ALLOW_PRIVILEGED_USERS", "ROTATION_MASTER_PREFIX"];

/** Restores the policy's environment after each test. */
function usePolicyEnvironment(): void {
  const saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
  afterEach(() => {
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });
}

/** A fresh secret, then `changes` (given its value and its master's) written over it as the new AWSCURRENT. */
async function tamperedSecret(
  d: RotationDriver,
  changes: Partial<DbValue> | ((original: DbValue, master: DbValue) => Partial<DbValue>),
): Promise<{ arn: string; original: DbValue; master: DbValue }> {
  const { arn } = await d.newSecret();
  const original = JSON.parse((await d.value(arn, { stage: "AWSCURRENT" })) ?? "{}") as DbValue;
  const master = JSON.parse((await d.value(original.masterarn, { stage: "AWSCURRENT" })) ?? "{}") as DbValue;
  const change = typeof changes === "function" ? changes(original, master) : changes;
  if (Object.keys(change).length > 0) {
    await putSecretValue(
      arn,
      { value: { kind: "string", text: JSON.stringify({ ...original, ...change }) } },
      { client: d.client },
    );
  }
  return { arn, original, master };
}

/** RotateSecret; answers the steps as `step:ok:code`. */
async function rotateSteps(
  d: RotationDriver,
  world: () => { lambdas: { invoked: { token: string; step: string; ok: boolean; code?: string }[] } },
  arn: string,
): Promise<string[]> {
  const token = await d.rotate(arn);
  return world()
    .lambdas.invoked.filter((s) => s.token === token)
    .map((s) => `${s.step}:${s.ok}${s.code ? `:${s.code}` : ""}`);
}

const REFUSED_AT_SET = ["createSecret:true", "setSecret:false:RotationNotAllowed"];
const REFUSED_AT_CREATE = ["createSecret:false:RotationNotAllowed"];

/** The checks shared by both engines. */
function describeCommonRefusals(
  subject: RotationSubject,
  world: ReturnType<typeof useContractWorld>,
  masterLogsIn: (master: DbValue) => Promise<boolean>,
): void {
  it("a value naming the master's twin (so the pending user is the master) is refused; the master's password is unchanged", async () => {
    const d = new RotationDriver(world(), subject);
    const { arn, master } = await tamperedSecret(d, (_original, m) => ({ username: `${m.username}_clone` }));
    expect(await rotateSteps(d, world, arn)).toEqual(REFUSED_AT_SET);
    expect(await masterLogsIn(master)).toBe(true);
    expect(
      world().logLines.some((line) => line.includes("the user to rotate is the master user itself")),
    ).toBe(true);
    d.expectNoPasswordInLogs();
  });

  it("a masterarn outside the master prefix is refused before anything is stored", async () => {
    const d = new RotationDriver(world(), subject);
    const { arn: source } = await d.newSecret();
    const original = JSON.parse((await d.value(source, { stage: "AWSCURRENT" })) ?? "{}") as DbValue;
    const masterText = (await d.value(original.masterarn, { stage: "AWSCURRENT" })) ?? "";
    // The same master credentials, in a secret the API's callers could read (here: outside the prefix).
    const elsewhere = await createSecret(
      { name: `app/masters/${randomBytes(4).toString("hex")}`, value: { kind: "string", text: masterText } },
      { client: d.client },
    );
    const { arn } = await tamperedSecret(d, { masterarn: elsewhere.arn });
    expect(await rotateSteps(d, world, arn)).toEqual(REFUSED_AT_CREATE);
    expect(
      world().logLines.some((line) => line.includes('not under the master prefix \\"rotation-masters/\\"')),
    ).toBe(true);
  });

  it("with ROTATION_ALLOWED_USERS set, a user not on it is refused and one on it (a prefix*) rotates", async () => {
    const d = new RotationDriver(world(), subject);
    process.env.ROTATION_ALLOWED_USERS = "someone_else, another";
    const { arn } = await tamperedSecret(d, {});
    expect(await rotateSteps(d, world, arn)).toEqual(REFUSED_AT_CREATE);
    const { arn: allowed, original } = await tamperedSecret(d, {});
    process.env.ROTATION_ALLOWED_USERS = `someone_else,${original.username.slice(0, 4)}*`;
    expect(await rotateSteps(d, world, allowed)).toEqual([
      "createSecret:true",
      "setSecret:true",
      "testSecret:true",
      "finishSecret:true",
    ]);
  });
}

describe("postgres alternating users refuse values that aim the master elsewhere", async () => {
  const cluster = await postgresForTests();
  if (!cluster) return void it.skip("needs the database (see the warning above)", () => {});
  useSuiteEnv({ DB_TLS_CA_FILE: cluster.caFile });
  const subject = postgresAlternatingUsers(cluster);
  const world = useContractWorld([subject]);
  const extraRoles: string[] = [];
  usePolicyEnvironment();
  afterAll(async () => {
    await dropPostgresRoles(cluster, extraRoles);
    await subject.cleanup?.();
  });

  const db = cluster;
  /** A login role `victim` (with `attributes`), optionally a member of a superuser group role. */
  async function victim(
    attributes: string,
    inSuperuserGroup = false,
  ): Promise<{ name: string; password: string }> {
    const id = randomBytes(4).toString("hex");
    const name = `victim_${id}`;
    const password = nastyPassword();
    extraRoles.push(`${name}_clone`, name);
    await createPostgresRole(db, name, password, attributes);
    if (inSuperuserGroup) {
      const group = `admins_${id}`;
      extraRoles.push(group);
      await asPostgresAdmin(db, async (client) => {
        await client.query(`CREATE ROLE ${group} SUPERUSER NOLOGIN`);
        await client.query(`GRANT ${group} TO ${pg.escapeIdentifier(name)}`);
      });
    }
    return { name, password };
  }

  const roleExists = (name: string) =>
    asPostgresAdmin(cluster, async (client) => {
      const found = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [name]);
      return (found.rowCount ?? 0) > 0;
    });

  describeCommonRefusals(subject, world, (master) =>
    postgresLogsIn(cluster, master.username, master.password),
  );

  it("a value naming a CREATEROLE user's twin (so the master would set that user's password) is refused", async () => {
    const target = await victim("CREATEROLE");
    const d = new RotationDriver(world(), subject);
    const { arn } = await tamperedSecret(d, { username: `${target.name}_clone` });
    expect(await rotateSteps(d, world, arn)).toEqual(REFUSED_AT_SET);
    expect(await postgresLogsIn(cluster, target.name, target.password)).toBe(true);
    expect(world().logLines.some((line) => line.includes("has elevated privileges (CREATEROLE)"))).toBe(true);
  });

  it("a user who can SET ROLE to a superuser role is refused too", async () => {
    const target = await victim("", true);
    const d = new RotationDriver(world(), subject);
    const { arn } = await tamperedSecret(d, { username: `${target.name}_clone` });
    expect(await rotateSteps(d, world, arn)).toEqual(REFUSED_AT_SET);
    expect(await postgresLogsIn(cluster, target.name, target.password)).toBe(true);
    expect(world().logLines.some((line) => /SUPERUSER \(through the role admins_/.test(line))).toBe(true);
  });

  it("the other way: a value naming a privileged user makes no twin with its memberships", async () => {
    const target = await victim("", true);
    const d = new RotationDriver(world(), subject);
    const { arn } = await tamperedSecret(d, { username: target.name });
    expect(await rotateSteps(d, world, arn)).toEqual(REFUSED_AT_SET);
    expect(await roleExists(`${target.name}_clone`)).toBe(false);
  });

  it("ROTATION_ALLOW_PRIVILEGED_USERS=true lets a deliberately privileged user rotate", async () => {
    process.env.ROTATION_ALLOW_PRIVILEGED_USERS = "true";
    const target = await victim("CREATEROLE");
    const d = new RotationDriver(world(), subject);
    const { arn } = await tamperedSecret(d, { username: `${target.name}_clone`, password: "unknown" });
    expect((await rotateSteps(d, world, arn)).every((step) => step.endsWith(":true"))).toBe(true);
  });
});

describe("mysql alternating users refuse values that aim the master elsewhere", async () => {
  const server = await mariadbForTests();
  if (!server) return void it.skip("needs the database (see the warning above)", () => {});
  const subject = mysqlAlternatingUsers(server);
  const world = useContractWorld([subject]);
  const extraUsers: string[] = [];
  const extraRoles: string[] = [];
  usePolicyEnvironment();
  afterAll(async () => {
    await dropMariaDbUsers(server, extraUsers);
    await asMariaDbRoot(server, async (c) => {
      for (const role of extraRoles) await c.query(`DROP ROLE IF EXISTS ${role}`);
    });
    await subject.cleanup?.();
  });

  const db = server;
  /** A user `victim`@'%' given `grant` (a statement with `victim` for the account). */
  async function victim(grant: (account: string) => string): Promise<{ name: string; password: string }> {
    const name = `victim_${randomBytes(4).toString("hex")}`;
    const password = nastyPassword();
    extraUsers.push(name, `${name}_clone`);
    await createMariaDbUser(db, name, password, "%");
    await asMariaDbRoot(db, (c) => c.query(grant(`'${name}'@'%'`)));
    return { name, password };
  }

  describeCommonRefusals(subject, world, (master) => mariadbLogsIn(server, master.username, master.password));

  it.each([
    [
      "GRANT OPTION on a database",
      (account: string) => `GRANT SELECT ON mysql.* TO ${account} WITH GRANT OPTION`,
    ],
    ["CREATE USER", (account: string) => `GRANT CREATE USER ON *.* TO ${account}`],
    ["SUPER", (account: string) => `GRANT SUPER ON *.* TO ${account}`],
  ])(
    "a value naming the twin of a user with %s is refused; its password is unchanged",
    async (privilege, grant) => {
      const target = await victim(grant);
      const d = new RotationDriver(world(), subject);
      const { arn } = await tamperedSecret(d, { username: `${target.name}_clone` });
      expect(await rotateSteps(d, world, arn)).toEqual(REFUSED_AT_SET);
      expect(await mariadbLogsIn(server, target.name, target.password)).toBe(true);
      expect(world().logLines.some((line) => line.includes(`elevated privileges (${privilege}`))).toBe(true);
    },
  );

  it("a user granted a role that holds SUPER is refused (through the role)", async () => {
    const role = `rot_role_${randomBytes(4).toString("hex")}`;
    extraRoles.push(role);
    await asMariaDbRoot(server, async (c) => {
      await c.query(`CREATE ROLE ${role}`);
      await c.query(`GRANT SUPER ON *.* TO ${role}`);
    });
    const target = await victim((account) => `GRANT ${role} TO ${account}`);
    const d = new RotationDriver(world(), subject);
    const { arn } = await tamperedSecret(d, { username: `${target.name}_clone` });
    expect(await rotateSteps(d, world, arn)).toEqual(REFUSED_AT_SET);
    expect(world().logLines.some((line) => line.includes(`SUPER (through the role ${role})`))).toBe(true);
  });

  it("the other way: a value naming a privileged user makes no twin with its grants", async () => {
    const target = await victim((account) => `GRANT CREATE USER ON *.* TO ${account}`);
    const d = new RotationDriver(world(), subject);
    const { arn } = await tamperedSecret(d, { username: target.name });
    expect(await rotateSteps(d, world, arn)).toEqual(REFUSED_AT_SET);
    const clones = await asMariaDbRoot(server, async (c) => {
      const [rows] = await c.query("SELECT 1 FROM mysql.user WHERE User = ?", [`${target.name}_clone`]);
      return (rows as unknown[]).length;
    });
    expect(clones).toBe(0);
  });
});
