/**
 * Caller-written settings do not steer privileged code. The secret's `host`, `port`, `tlsServerName` and
 * `ssl` are written by whoever may write the secret, so the functions connect only where the deployment
 * allows (`ROTATION_ALLOWED_HOSTS`), in plain text only to loopback or to hosts it lists
 * (`DB_ALLOW_PLAINTEXT_HOSTS`); and the password policy's floors come from configuration, which a tag may
 * only make stricter. Each refusal leaves the secret as it was.
 */
import { networkInterfaces } from "node:os";
import { describe, expect, it } from "vitest";
import { genericStrategy } from "../../../shared/rotation/generic/strategy";
import { putSecretValue } from "../../../shared/secrets";
import { TEST_ALLOWED_HOSTS } from "../../support/db-availability";
import { mariadbForTests } from "../../support/db-mariadb";
import { postgresForTests } from "../../support/db-postgres";
import { startTcpProxy } from "../../support/db-tcp-proxy";
import { RotationDriver, type RotationSubject, useContractWorld } from "../../support/rotation-contract";
import {
  mysqlAlternatingUsers,
  mysqlSingleUser,
  postgresAlternatingUsers,
  postgresSingleUser,
} from "../../support/rotation-db-subjects";
import { useEnvResetAfterEach, useSuiteEnv } from "../../support/suite-env";

const ENV_KEYS = ["ROTATION_ALLOWED_HOSTS", "DB_ALLOW_PLAINTEXT_HOSTS", "PASSWORD_LENGTH"];

/** RotateSecret with `env` set for the run; answers the steps and whether AWSCURRENT kept its value. */
async function rotateWith(
  d: RotationDriver,
  env: Record<string, string>,
  secret?: { arn: string },
): Promise<{ steps: string[]; unchanged: boolean }> {
  const { arn } = secret ?? (await d.newSecret());
  const before = await d.value(arn, { stage: "AWSCURRENT" });
  Object.assign(process.env, env);
  const token = await d.rotate(arn);
  const unchanged = (await d.value(arn, { stage: "AWSCURRENT" })) === before;
  return { steps: d.steps(token), unchanged };
}

const refusedWith = (code: string) => ({
  steps: expect.arrayContaining([expect.stringMatching(new RegExp(`:false:${code}$`))]),
  unchanged: true,
});
const ROTATED = {
  steps: ["createSecret:true", "setSecret:true", "testSecret:true", "finishSecret:true"],
  unchanged: false,
};

/** Host, port and TLS name outside the allowlist, for one database strategy. */
function describeHostAllowlist(
  subject: RotationSubject,
  port: () => number,
  engine: { defaultPort: number; tls: boolean },
): void {
  const world = useContractWorld([subject]);
  const d = () => new RotationDriver(world(), subject);
  it("an empty ROTATION_ALLOWED_HOSTS allows no host", async () => {
    expect(await rotateWith(d(), { ROTATION_ALLOWED_HOSTS: "" })).toEqual(refusedWith("HostNotAllowed"));
  });

  it("a host outside the allowlist is refused", async () => {
    const env = { ROTATION_ALLOWED_HOSTS: "127.0.0.2:*=localhost,.db.example.internal:*" };
    expect(await rotateWith(d(), env)).toEqual(refusedWith("HostNotAllowed"));
  });

  it("a port other than the entry's is refused (an entry without a port allows the engine's default only)", async () => {
    const defaultOnly = await rotateWith(d(), { ROTATION_ALLOWED_HOSTS: "127.0.0.1=localhost" });
    expect(defaultOnly).toEqual(port() === engine.defaultPort ? ROTATED : refusedWith("HostNotAllowed"));
    const other = { ROTATION_ALLOWED_HOSTS: `127.0.0.1:${port() + 1}=localhost` };
    expect(await rotateWith(d(), other)).toEqual(refusedWith("HostNotAllowed"));
    const exact = { ROTATION_ALLOWED_HOSTS: `127.0.0.1:${port()}=localhost` };
    expect(await rotateWith(d(), exact)).toEqual(ROTATED);
  });

  if (engine.tls) {
    it("a TLS server name the entry does not name is refused", async () => {
      const driver = d();
      const { arn } = await driver.newSecret();
      const value = JSON.parse((await driver.value(arn, { stage: "AWSCURRENT" })) ?? "{}");
      const text = JSON.stringify({ ...value, tlsServerName: "evil.example.test" });
      await putSecretValue(arn, { value: { kind: "string", text } }, { client: driver.client });
      expect(await rotateWith(driver, { ROTATION_ALLOWED_HOSTS: TEST_ALLOWED_HOSTS }, { arn })).toEqual(
        refusedWith("HostNotAllowed"),
      );
    });
  }
}

/** The machine's first address that is not loopback (a host the policy does not treat as loopback). */
function otherAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === "IPv4" && !address.internal)?.address;
}

describe("PostgreSQL: where the functions may connect", async () => {
  const cluster = await postgresForTests();
  if (!cluster) return void it.skip("needs PostgreSQL (see the warning above)", () => {});
  useSuiteEnv({ DB_TLS_CA_FILE: cluster.caFile });
  useEnvResetAfterEach(ENV_KEYS);
  const engine = { defaultPort: 5432, tls: true };
  describe("single user", () =>
    describeHostAllowlist(postgresSingleUser(cluster), () => cluster.port, engine));
  describe("alternating users", () =>
    describeHostAllowlist(postgresAlternatingUsers(cluster), () => cluster.port, engine));
});

describe("MariaDB: where the functions may connect, and plain text", async () => {
  const server = await mariadbForTests();
  if (!server) return void it.skip("needs MariaDB (see the warning above)", () => {});
  useEnvResetAfterEach(ENV_KEYS);
  const engine = { defaultPort: 3306, tls: false };
  describe("single user", () => describeHostAllowlist(mysqlSingleUser(server), () => server.port, engine));
  describe("alternating users", () =>
    describeHostAllowlist(mysqlAlternatingUsers(server), () => server.port, engine));

  const address = otherAddress();
  describe.skipIf(!address)(`"ssl": false to a host that is not loopback (${address})`, () => {
    for (const subject of [mysqlSingleUser(server), mysqlAlternatingUsers(server)]) {
      const world = useContractWorld([subject]);
      it(`${subject.functionName}: refused with TlsPolicyViolation, and rotates once DB_ALLOW_PLAINTEXT_HOSTS lists it`, async () => {
        // The shared server listens on loopback only: a proxy on the other address reaches it.
        const proxy = await startTcpProxy(server.port, server.host, address);
        try {
          const d = new RotationDriver(world(), subject);
          const allowed = { ROTATION_ALLOWED_HOSTS: `${address}:*` };
          const secret = await d.newSecret(proxy.port, address);
          expect(await rotateWith(d, { ...allowed, DB_ALLOW_PLAINTEXT_HOSTS: "" }, secret)).toEqual(
            refusedWith("TlsPolicyViolation"),
          );
          const listed = { ...allowed, DB_ALLOW_PLAINTEXT_HOSTS: `db.other.internal,${address}` };
          const other = await d.newSecret(proxy.port, address);
          expect(await rotateWith(d, listed, other)).toEqual(ROTATED);
        } finally {
          await proxy.close();
        }
      });
    }
  });
});

describe("password floors: a tag may only make the policy stricter", () => {
  const subject: RotationSubject = {
    functionName: "generic",
    strategy: genericStrategy,
    newSecretValue: async () => JSON.stringify({ client: "reports", password: "initial-api-token-0001" }),
    logsIn: async (value) => typeof JSON.parse(value).password === "string",
  };
  const world = useContractWorld([subject]);
  useEnvResetAfterEach(ENV_KEYS);
  const withTags = (tags: Record<string, string>) =>
    new RotationDriver(world(), { ...subject, tags: { ...tags } });

  it.each([
    ["a length below PASSWORD_LENGTH", { "rotation:password-length": "12" }],
    // 40 characters from 10 leave far less randomness than 32 from GetRandomPassword's 94.
    [
      "exclusions that leave too few characters",
      {
        "rotation:password-length": "40",
        "rotation:exclude-characters":
          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
      },
    ],
    ["a rotation:key that steers the rotation off `password`", { "rotation:key": "client" }],
  ])("%s is refused before anything is stored", async (_what, tags) => {
    expect(await rotateWith(withTags(tags), {})).toEqual(refusedWith("RotationNotAllowed"));
  });

  it("a longer length, or exclusions that keep as much randomness, are honoured", async () => {
    const d = withTags({ "rotation:password-length": "64", "rotation:exclude-characters": "'\"\\" });
    const { arn } = await d.newSecret();
    expect(await rotateWith(d, {}, { arn })).toEqual(ROTATED);
    const value = JSON.parse((await d.value(arn, { stage: "AWSCURRENT" })) ?? "{}");
    expect([value.password.length, /['"\\]/.test(value.password)]).toEqual([64, false]);
  });

  it("PASSWORD_LENGTH raises the floor the tags are held to", async () => {
    const d = withTags({ "rotation:password-length": "40" });
    expect(await rotateWith(d, { PASSWORD_LENGTH: "48" })).toEqual(refusedWith("RotationNotAllowed"));
  });
});
