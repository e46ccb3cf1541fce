/**
 * Who may be rotated is the operator's decision, never the caller's. Alternating users act with the
 * master's rights on the user a secret's value names, and anyone who may write a secret (every caller of
 * the secrets API) writes that value. So each test here writes a value as an API caller could and runs
 * RotateSecret: the takeover of another user, a base user the master does not list, an unrelated
 * `_clone`, a user with cluster-level powers. Each is refused with nothing changed in the database
 * (the target's password still works, no twin made) or in the secret (AWSCURRENT as it was, no pending
 * value). A listed, unprivileged user rotates as before (the contract suites).
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createSecret, putSecretValue } from "../../../shared/secrets";
import {
  asMariaDbRoot,
  createMariaDbUser,
  dropMariaDbUsers,
  mariadbForTests,
  mariadbLogsIn,
  uniqueMariaDbUser,
} from "../../support/db-mariadb";
import {
  asPostgresAdmin,
  createPostgresRole,
  dropPostgresRoles,
  postgresForTests,
  postgresLogsIn,
  uniqueRoleName,
} from "../../support/db-postgres";
import {
  type ContractWorld,
  RotationDriver,
  type RotationSubject,
  useContractWorld,
} from "../../support/rotation-contract";
import {
  masterSecretArn,
  mysqlAlternatingUsers,
  nastyPassword,
  postgresAlternatingUsers,
} from "../../support/rotation-db-subjects";
import { useEnvResetAfterEach, useSuiteEnv } from "../../support/suite-env";

interface DbValue {
  username: string;
  password: string;
  masterarn: string;
  [key: string]: unknown;
}

const ENV_KEYS = ["ROTATION_ALLOWED_USERS", "ROTATION_ALLOW_PRIVILEGED_USERS", "ROTATION_MASTER_PREFIX"];

const parse = (text: string | undefined) => JSON.parse(text ?? "{}") as DbValue;

/** What one engine's tests need besides the subject. */
interface Engine {
  subject: RotationSubject;
  world: () => ContractWorld;
  logsIn(username: string, password: string): Promise<boolean>;
  userExists(username: string): Promise<boolean>;
  /** Makes a login user with `password` that the test drops afterwards. */
  makeUser(username: string, password: string): Promise<void>;
}

/** A fresh subject secret: its value, its master's value (credentials) and the master's ARN. */
async function subjectSecret(d: RotationDriver) {
  const { arn, firstVersion } = await d.newSecret();
  const value = parse(await d.value(arn, { stage: "AWSCURRENT" }));
  const master = parse(await d.value(value.masterarn, { stage: "AWSCURRENT" }));
  return { arn, firstVersion, value, master };
}

/** A master secret with the same credentials as `master`, listing `rotatableUsers`. */
async function masterListing(d: RotationDriver, master: DbValue, rotatableUsers: unknown): Promise<string> {
  return masterSecretArn({ client: d.client }, { ...master, rotatableUsers });
}

/** A secret as an API caller makes it (POST /secrets), holding `value`. */
async function callerSecret(d: RotationDriver, value: Record<string, unknown>): Promise<string> {
  const created = await createSecret(
    {
      name: `app/attack/${randomBytes(4).toString("hex")}`,
      value: { kind: "string", text: JSON.stringify(value) },
    },
    { client: d.client },
  );
  return created.arn;
}

/** The version the last `rotateSteps` made: `logged` reads only that rotation's lines. */
let lastToken = "";

/** RotateSecret; answers the steps as `step:ok:code`. */
async function rotateSteps(d: RotationDriver, arn: string): Promise<string[]> {
  lastToken = await d.rotate(arn);
  return d.steps(lastToken);
}

/** AWSCURRENT still holds `text`, and the refused rotation stored no pending value. */
async function expectSecretUnchanged(d: RotationDriver, arn: string, text: string): Promise<void> {
  expect((await d.value(arn, { stage: "AWSCURRENT" })) === text).toBe(true);
  expect(await d.value(arn, { stage: "AWSPENDING" })).toBeUndefined();
}

/** Whether the last rotation logged `text` (user names are masked in logs: they are leaves of values). */
function logged(world: () => ContractWorld, text: string): boolean {
  return world().logLines.some((line) => line.includes(`"versionId":"${lastToken}"`) && line.includes(text));
}

const REFUSED = (code: string) => [`createSecret:false:${code}`];

/** The refusals both engines make. */
function describeCommonRefusals(engine: Engine): void {
  const { subject, world } = engine;
  const driver = () => new RotationDriver(world(), subject);

  it("the takeover: a caller's secret naming a listed user's twin with the master's ARN is refused; the user's password still works", async () => {
    const d = driver();
    const { value: victim } = await subjectSecret(d);
    const attack = { ...victim, username: `${victim.username}_clone`, password: "x" };
    const arn = await callerSecret(d, attack);
    expect(await rotateSteps(d, arn)).toEqual(REFUSED("RotationNotAllowed"));
    expect(logged(world, "is not a clone this rotation made for")).toBe(true);
    expect(await engine.logsIn(victim.username, victim.password)).toBe(true);
    await expectSecretUnchanged(d, arn, JSON.stringify(attack));
  });

  it("the other way: a caller's secret naming a listed user without its password makes no twin", async () => {
    const d = driver();
    const { value: victim } = await subjectSecret(d);
    const attack = { ...victim, password: "not-the-password" };
    const arn = await callerSecret(d, attack);
    expect(await rotateSteps(d, arn)).toEqual(REFUSED("NoWorkingCredentials"));
    expect(await engine.userExists(`${victim.username}_clone`)).toBe(false);
    await expectSecretUnchanged(d, arn, JSON.stringify(attack));
  });

  it("a base user the master does not list is refused before anything is stored", async () => {
    const d = driver();
    const { arn, value, master } = await subjectSecret(d);
    const masterarn = await masterListing(d, master, ["someone_else", "other*"]);
    await putSecretValue(
      arn,
      { value: { kind: "string", text: JSON.stringify({ ...value, masterarn }) } },
      {
        client: d.client,
      },
    );
    expect(await rotateSteps(d, arn)).toEqual(REFUSED("RotationNotAllowed"));
    expect(logged(world, `is not in the master secret's rotatableUsers`)).toBe(true);
  });

  it.each([
    ["no rotatableUsers at all", undefined],
    ["rotatableUsers that is not a list of names", "everyone"],
    ["an empty rotatableUsers", []],
  ])("a master with %s rotates nobody", async (_what, rotatableUsers) => {
    const d = driver();
    const { arn, value, master } = await subjectSecret(d);
    const { rotatableUsers: _listed, ...credentials } = master;
    const masterarn = await masterListing(d, credentials as DbValue, rotatableUsers);
    await putSecretValue(
      arn,
      { value: { kind: "string", text: JSON.stringify({ ...value, masterarn }) } },
      {
        client: d.client,
      },
    );
    expect(await rotateSteps(d, arn)).toEqual(REFUSED("RotationNotAllowed"));
  });

  it("ROTATION_ALLOWED_USERS narrows the master's list: empty allows none, `*` any listed user, names only those", async () => {
    const d = driver();
    const rotated = ["createSecret:true", "setSecret:true", "testSecret:true", "finishSecret:true"];
    for (const [setting, outcome] of [
      ["", REFUSED("RotationNotAllowed")],
      ["someone_else", REFUSED("RotationNotAllowed")],
      ["*", rotated],
    ] as const) {
      process.env.ROTATION_ALLOWED_USERS = setting;
      const { arn } = await subjectSecret(d);
      expect(await rotateSteps(d, arn), `ROTATION_ALLOWED_USERS="${setting}"`).toEqual(outcome);
    }
    const { arn, value } = await subjectSecret(d);
    process.env.ROTATION_ALLOWED_USERS = `someone_else, ${value.username.slice(0, 8)}*`;
    expect(await rotateSteps(d, arn)).toEqual(rotated);
  });

  it("an existing `_clone` user this strategy did not make is refused, and adopted once the master lists it by name", async () => {
    const d = driver();
    const { arn, value, master } = await subjectSecret(d);
    const clone = `${value.username}_clone`;
    const clonePassword = nastyPassword();
    await engine.makeUser(clone, clonePassword);
    expect(await rotateSteps(d, arn)).toEqual(REFUSED("RotationNotAllowed"));
    expect(logged(world, "is not a clone this rotation made for")).toBe(true);
    expect(await engine.logsIn(clone, clonePassword)).toBe(true);
    // The refused rotation left its (empty) pending version: cancel it, then rotation starts fresh.
    expect((await world().api.cancel(arn)).status).toBe(200);
    const masterarn = await masterListing(d, master, [value.username, clone]);
    await putSecretValue(
      arn,
      { value: { kind: "string", text: JSON.stringify({ ...value, masterarn }) } },
      {
        client: d.client,
      },
    );
    const token = await d.rotate(arn);
    expect(d.steps(token).every((step) => step.endsWith(":true"))).toBe(true);
    expect(await engine.logsIn(clone, clonePassword)).toBe(false);
    // Now marked as this strategy's clone: the next rotation back to the base user needs no listing.
    const back = await masterListing(d, master, [value.username]);
    const current = parse(await d.value(arn, { stage: "AWSCURRENT" }));
    await putSecretValue(
      arn,
      { value: { kind: "string", text: JSON.stringify({ ...current, masterarn: back }) } },
      { client: d.client },
    );
    expect((await rotateSteps(d, arn)).every((step) => step.endsWith(":true"))).toBe(true);
  });

  it("the master's own user is refused, even when the master lists itself", async () => {
    const d = driver();
    const { arn, master } = await subjectSecret(d);
    const masterarn = await masterListing(d, master, [master.username]);
    const { rotatableUsers: _listed, ...credentials } = master;
    await putSecretValue(
      arn,
      { value: { kind: "string", text: JSON.stringify({ ...credentials, masterarn }) } },
      { client: d.client },
    );
    expect(await rotateSteps(d, arn)).toEqual(REFUSED("RotationNotAllowed"));
    expect(logged(world, "the user to rotate is the master user itself")).toBe(true);
    expect(await engine.logsIn(master.username, master.password)).toBe(true);
  });

  it("a masterarn outside the master prefix is refused before anything is stored", async () => {
    const d = driver();
    const { arn, value, master } = await subjectSecret(d);
    // The same master credentials, in a secret the API's callers could read (here: outside the prefix).
    const elsewhere = await createSecret(
      {
        name: `app/masters/${randomBytes(4).toString("hex")}`,
        value: { kind: "string", text: JSON.stringify(master) },
      },
      { client: d.client },
    );
    const text = JSON.stringify({ ...value, masterarn: elsewhere.arn });
    await putSecretValue(arn, { value: { kind: "string", text } }, { client: d.client });
    expect(await rotateSteps(d, arn)).toEqual(REFUSED("RotationNotAllowed"));
    expect(logged(world, 'not under the master prefix \\"rotation-masters/\\"')).toBe(true);
  });
}

/**
 * A user `victim` made with `setup`, with a secret of its own holding its real credentials and a master
 * that lists it (`listing`: by name unless a pattern is given), so that only its privileges can stop the
 * rotation.
 */
async function privilegedVictim(
  engine: Engine,
  setup: (name: string) => Promise<unknown>,
  listing?: (name: string) => string,
): Promise<{ arn: string; name: string; password: string; d: RotationDriver }> {
  const d = new RotationDriver(engine.world(), engine.subject);
  const { value, master } = await subjectSecret(d);
  const name = `${value.username}v`;
  const password = nastyPassword();
  await engine.makeUser(name, password);
  await setup(name);
  const masterarn = await masterListing(d, master, [listing ? listing(name) : name]);
  const arn = await callerSecret(d, { ...value, username: name, password, masterarn });
  return { arn, name, password, d };
}

describe("postgres alternating users: who may be rotated", async () => {
  const cluster = await postgresForTests();
  if (!cluster) return void it.skip("needs the database (see the warning above)", () => {});
  useSuiteEnv({ DB_TLS_CA_FILE: cluster.caFile });
  const subject = postgresAlternatingUsers(cluster);
  const world = useContractWorld([subject]);
  const extraRoles: string[] = [];
  const extraDatabases: string[] = [];
  useEnvResetAfterEach(ENV_KEYS);
  afterAll(async () => {
    await asPostgresAdmin(cluster, async (client) => {
      for (const database of extraDatabases) {
        await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)}`);
      }
    });
    await dropPostgresRoles(cluster, extraRoles);
  });

  const admin = (sql: string) => asPostgresAdmin(cluster, (client) => client.query(sql));
  const ident = (name: string) => pg.escapeIdentifier(name);
  const engine: Engine = {
    subject,
    world,
    logsIn: (username, password) => postgresLogsIn(cluster, username, password),
    userExists: async (username) =>
      ((
        await asPostgresAdmin(cluster, (c) =>
          c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [username]),
        )
      ).rowCount ?? 0) > 0,
    makeUser: async (username, password) => {
      extraRoles.push(`${username}_clone`, username);
      await createPostgresRole(cluster, username, password);
    },
  };

  describeCommonRefusals(engine);

  /** A group role of the test's own that `victim` is made a member of. */
  const group = async (attributes: string) => {
    const name = uniqueRoleName("g");
    extraRoles.push(name);
    await admin(`CREATE ROLE ${ident(name)} NOLOGIN ${attributes}`);
    return name;
  };

  it.each([
    ["SUPERUSER", (v: string) => admin(`ALTER ROLE ${ident(v)} SUPERUSER`)],
    ["CREATEROLE", (v: string) => admin(`ALTER ROLE ${ident(v)} CREATEROLE`)],
    ["CREATEDB", (v: string) => admin(`ALTER ROLE ${ident(v)} CREATEDB`)],
    ["REPLICATION", (v: string) => admin(`ALTER ROLE ${ident(v)} REPLICATION`)],
    ["BYPASSRLS", (v: string) => admin(`ALTER ROLE ${ident(v)} BYPASSRLS`)],
    ["member of pg_read_all_data", (v: string) => admin(`GRANT pg_read_all_data TO ${ident(v)}`)],
    ["member of pg_monitor", (v: string) => admin(`GRANT pg_monitor TO ${ident(v)}`)],
    [
      "member of pg_write_all_data",
      async (v: string) => {
        // Through a chain: victim -> outer -> inner -> pg_write_all_data.
        const [outer, inner] = [await group(""), await group("")];
        await admin(`GRANT pg_write_all_data TO ${ident(inner)}`);
        await admin(`GRANT ${ident(inner)} TO ${ident(outer)}`);
        await admin(`GRANT ${ident(outer)} TO ${ident(v)}`);
      },
    ],
    [
      "SUPERUSER (through the role",
      async (v: string) => admin(`GRANT ${ident(await group("SUPERUSER"))} TO ${ident(v)}`),
    ],
  ])(
    "a listed user with %s is refused; no twin is made and its password still works",
    async (reason, grant) => {
      const { arn, name, password, d } = await privilegedVictim(engine, grant);
      expect(await rotateSteps(d, arn)).toEqual(REFUSED("RotationNotAllowed"));
      expect(logged(world, `has elevated privileges (`) && logged(world, reason)).toBe(true);
      expect(await engine.userExists(`${name}_clone`)).toBe(false);
      expect(await engine.logsIn(name, password)).toBe(true);
    },
  );

  it("a user owning a database is refused when listed by a pattern, and rotates when listed by name", async () => {
    const database = uniqueRoleName("db").toLowerCase();
    extraDatabases.push(database);
    const owns = async (v: string) => {
      await admin(`CREATE DATABASE ${ident(database)} OWNER ${ident(v)}`);
    };
    const byPattern = await privilegedVictim(engine, owns, (name) => `${name.slice(0, -1)}*`);
    expect(await rotateSteps(byPattern.d, byPattern.arn)).toEqual(REFUSED("RotationNotAllowed"));
    expect(logged(world, `owns the database ${database}`)).toBe(true);
    // The same user, listed by name: it may own its database (after a cancel of the refused rotation).
    const d = byPattern.d;
    expect((await world().api.cancel(byPattern.arn)).status).toBe(200);
    const value = parse(await d.value(byPattern.arn, { stage: "AWSCURRENT" }));
    const master = parse(await d.value(value.masterarn, { stage: "AWSCURRENT" }));
    const masterarn = await masterListing(d, master, [byPattern.name]);
    await putSecretValue(
      byPattern.arn,
      { value: { kind: "string", text: JSON.stringify({ ...value, masterarn }) } },
      { client: d.client },
    );
    expect((await rotateSteps(d, byPattern.arn)).every((step) => step.endsWith(":true"))).toBe(true);
  });

  it("ROTATION_ALLOW_PRIVILEGED_USERS=true rotates a privileged user the master lists by name", async () => {
    process.env.ROTATION_ALLOW_PRIVILEGED_USERS = "true";
    const { arn, d } = await privilegedVictim(engine, (v) => admin(`ALTER ROLE ${ident(v)} CREATEROLE`));
    expect((await rotateSteps(d, arn)).every((step) => step.endsWith(":true"))).toBe(true);
  });
});

describe("mysql alternating users: who may be rotated", async () => {
  const server = await mariadbForTests();
  if (!server) return void it.skip("needs the database (see the warning above)", () => {});
  const subject = mysqlAlternatingUsers(server);
  const world = useContractWorld([subject]);
  const extraUsers: string[] = [];
  const extraRoles: string[] = [];
  useEnvResetAfterEach(ENV_KEYS);
  afterAll(async () => {
    await dropMariaDbUsers(server, [...extraUsers, ...extraRoles]);
  });

  const root = (sql: string, values: unknown[] = []) => asMariaDbRoot(server, (c) => c.query(sql, values));
  const engine: Engine = {
    subject,
    world,
    logsIn: (username, password) => mariadbLogsIn(server, username, password),
    userExists: (username) =>
      asMariaDbRoot(server, async (c) => {
        const [rows] = await c.query("SELECT 1 FROM mysql.user WHERE User = ?", [username]);
        return (rows as unknown[]).length > 0;
      }),
    makeUser: async (username, password) => {
      extraUsers.push(username, `${username}_clone`);
      await createMariaDbUser(server, username, password, "%");
    },
  };

  describeCommonRefusals(engine);

  const role = async (grant: string) => {
    const name = uniqueMariaDbUser("rl");
    extraRoles.push(name);
    await root(`CREATE ROLE ${name}`);
    await root(grant.replace("ROLE", name));
    return name;
  };

  it.each([
    ["SUPER", (v: string) => root("GRANT SUPER ON *.* TO ?@'%'", [v])],
    ["CREATE USER", (v: string) => root("GRANT CREATE USER ON *.* TO ?@'%'", [v])],
    ["GRANT OPTION on *.*", (v: string) => root("GRANT USAGE ON *.* TO ?@'%' WITH GRANT OPTION", [v])],
    [
      "GRANT OPTION on `",
      // A database that need not exist: the grant is what counts.
      (v: string) => root(`GRANT SELECT ON ${uniqueMariaDbUser("db")}.* TO ?@'%' WITH GRANT OPTION`, [v]),
    ],
    ["SELECT on `mysql`.`user`", (v: string) => root("GRANT SELECT ON mysql.user TO ?@'%'", [v])],
    ["INSERT on `mysql`.*", (v: string) => root("GRANT INSERT ON mysql.* TO ?@'%'", [v])],
    ["SELECT on `m%`.*", (v: string) => root("GRANT SELECT ON `m%`.* TO ?@'%'", [v])],
    ["SELECT on *.*", (v: string) => root("GRANT SELECT ON *.* TO ?@'%'", [v])],
    // MariaDB's split-up SUPER (10.5+): its "dynamic" privileges.
    ["BINLOG ADMIN", (v: string) => root("GRANT BINLOG ADMIN ON *.* TO ?@'%'", [v])],
    ["SET USER", (v: string) => root("GRANT SET USER ON *.* TO ?@'%'", [v])],
    [
      "SUPER on *.* (through the role",
      async (v: string) => root(`GRANT ${await role("GRANT SUPER ON *.* TO ROLE")} TO ?@'%'`, [v]),
    ],
    [
      "ADMIN OPTION on the role",
      async (v: string) =>
        root(`GRANT ${await role("GRANT SELECT ON test.* TO ROLE")} TO ?@'%' WITH ADMIN OPTION`, [v]),
    ],
  ])(
    "a listed user with %s is refused; no twin is made and its password still works",
    async (reason, grant) => {
      const { arn, name, password, d } = await privilegedVictim(engine, grant);
      expect(await rotateSteps(d, arn)).toEqual(REFUSED("RotationNotAllowed"));
      expect(logged(world, "has elevated privileges (") && logged(world, reason)).toBe(true);
      expect(await engine.userExists(`${name}_clone`)).toBe(false);
      expect(await engine.logsIn(name, password)).toBe(true);
    },
  );

  it("a listed user with only ordinary grants (a database, PROCESS) rotates", async () => {
    const { arn, d } = await privilegedVictim(engine, async (v) => {
      await root("GRANT SELECT, INSERT ON test.* TO ?@'%'", [v]);
      await root("GRANT PROCESS ON *.* TO ?@'%'", [v]);
    });
    expect((await rotateSteps(d, arn)).every((step) => step.endsWith(":true"))).toBe(true);
  });
});
