/**
 * `npm run seed`: by default a store of its own, whose dates stay true when it is served later; a running
 * endpoint that holds other secrets is seeded (its clock moved) only with `--shared`, and a refused seed
 * changes nothing there.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateSecretCommand, ListSecretsCommand } from "@aws-sdk/client-secrets-manager";
import { afterAll, describe, expect, it } from "vitest";
import { handler as generic } from "../../../functions/rotation/generic";
import { handler as postgresSingleUser } from "../../../functions/rotation/postgres-single-user";
import { localFunctionName } from "../../../local/local-functions";
import { type Endpoint, startEndpoint } from "../../../local/server";
import { startTestEndpointWithLambdas } from "../../support/endpoint";
import { npmRun } from "../../support/npm-command";

const DAY_S = 86_400;
const folder = mkdtempSync(join(tmpdir(), "seed-command-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function openStore(dataDir: string): Promise<Endpoint> {
  return startEndpoint({ port: 0, dataDir, schedulerIntervalMs: 0, lambdaEndpoint: "http://127.0.0.1:9" });
}

describe("npm run seed", () => {
  const store = join(folder, "own");

  it("seeds a store of its own, whose dates are true when it is served later; stdout is one summary line", async () => {
    const { code, stdout, stderr } = await npmRun("seed", ["--count", "40", "--data", store]);
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ seeded: 40, into: store, counts: { overdue: 4 } });
    expect(stderr).toContain(`npm start -- --data ${store}`);

    const served = await openStore(store);
    try {
      const entries = served.core.dispatch(
        "ListSecrets",
        { MaxResults: 100, IncludePlannedDeletion: true },
        { region: "us-east-1", accountId: "000000000000" },
      ) as { SecretList: { Name: string; CreatedDate: number }[] };
      expect(entries.SecretList).toHaveLength(40);
      const now = Date.now() / 1000;
      const ages = entries.SecretList.map((entry) => (now - entry.CreatedDate) / DAY_S);
      // Nothing from the future; the old ones are the 100 days old the audit needs.
      expect(Math.min(...ages)).toBeGreaterThan(-0.01);
      expect(Math.max(...ages)).toBeGreaterThan(99);
      expect(Math.max(...ages)).toBeLessThan(101);
    } finally {
      await served.close();
    }
  });

  it("refuses a store of its own that holds secrets unless --replace, and changes nothing", async () => {
    const refused = await npmRun("seed", ["--count", "20", "--data", store]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("already holds 40 secrets: pass --replace");
    const replaced = await npmRun("seed", ["--count", "20", "--data", store, "--replace"]);
    expect(replaced.code, replaced.stderr).toBe(0);
    const served = await openStore(store);
    try {
      expect(served.core.secretCount()).toBe(20);
    } finally {
      await served.close();
    }
  });

  it("seeds a running endpoint with other secrets only with --shared, saying what it does", async () => {
    // The endpoint's rotation test runs go to the real rotation handlers, run in this process.
    const local = await startTestEndpointWithLambdas({
      [localFunctionName("rotationGeneric")]: generic,
      [localFunctionName("rotationPostgresSingleUser")]: postgresSingleUser,
    });
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = local.url;
    try {
      await local.client.send(new CreateSecretCommand({ Name: "secrets-api/token", SecretString: "{}" }));
      const clockBefore = (await local.control("health", undefined, "GET")).now as number;

      const refused = await npmRun("seed", ["--count", "20", "--endpoint", local.url]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain("already holds 1 secrets");
      expect(refused.stderr).toContain("--shared");
      expect(refused.stderr).toContain("the API token's too");
      const health = await local.control("health", undefined, "GET");
      expect(health.secrets).toBe(1);
      expect((health.now as number) - clockBefore).toBeLessThan(60);

      const shared = await npmRun("seed", ["--count", "20", "--endpoint", local.url, "--shared"]);
      expect(shared.code, shared.stderr).toBe(0);
      expect(shared.stderr).toContain("moves its clock 100 days ahead");
      const list = await local.client.send(new ListSecretsCommand({ MaxResults: 100 }));
      expect(list.SecretList?.filter((entry) => entry.Name?.startsWith("app/seed/"))).toHaveLength(19);
      expect(((await local.control("health", undefined, "GET")).now as number) - clockBefore).toBeGreaterThan(
        99 * DAY_S,
      );
    } finally {
      await local.close();
    }
  });

  it("answers --help with its usage and 0, a bad flag or value with 2", async () => {
    const help = await npmRun("seed", ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run seed/);
    for (const args of [
      ["--count", "x"],
      ["--cuont", "3"],
      ["--shared"],
      ["--endpoint", "http://x", "--replace"],
    ]) {
      const bad = await npmRun("seed", args);
      expect(bad.code, args.join(" ")).toBe(2);
      expect(bad.stderr).toContain("usage: npm run seed");
    }
  });
});
