/**
 * `serverless package` offline (dummy credentials, nothing deployed): the CloudFormation it writes has one
 * function per route, one role per function with only its own actions on the prefix's ARNs, the
 * authorizer on every route, and log retention on every log group.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const REPO = join(__dirname, "..", "..", "..");
const run = promisify(execFile);

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Action: string[]; Resource: unknown };

/** Each HTTP function's Secrets Manager actions: exactly these, nothing more. */
const EXPECTED_ACTIONS: Record<string, string[]> = {
  authorizer: ["secretsmanager:GetSecretValue"],
  createSecret: ["secretsmanager:CreateSecret", "secretsmanager:TagResource"],
  listSecrets: ["secretsmanager:ListSecrets"],
  describeSecret: ["secretsmanager:DescribeSecret"],
  getSecretValue: ["secretsmanager:GetSecretValue"],
  putSecretValue: [
    "secretsmanager:DescribeSecret",
    "secretsmanager:PutSecretValue",
    "secretsmanager:UpdateSecretVersionStage",
  ],
  patchSecretValue: [
    "secretsmanager:DescribeSecret",
    "secretsmanager:GetSecretValue",
    "secretsmanager:PutSecretValue",
    "secretsmanager:UpdateSecretVersionStage",
  ],
  updateSecret: [
    "secretsmanager:DescribeSecret",
    "secretsmanager:TagResource",
    "secretsmanager:UntagResource",
    "secretsmanager:UpdateSecret",
  ],
  deleteSecret: ["secretsmanager:DeleteSecret"],
  restoreSecret: ["secretsmanager:RestoreSecret"],
  rotateSecret: ["secretsmanager:DescribeSecret", "secretsmanager:RotateSecret"],
  listSecretVersions: ["secretsmanager:ListSecretVersionIds"],
};

let folder: string;
let resources: Record<string, Resource>;
const httpFunctions = parse(readFileSync(join(REPO, "serverless", "http-functions.yml"), "utf8")) as Record<
  string,
  { events?: { httpApi: { method: string; path: string } }[] }
>;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "http-package-"));
  await run(
    process.execPath,
    [join(REPO, "node_modules", "osls", "bin", "serverless.js"), "package", "--package", folder],
    {
      cwd: REPO,
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: "dummy",
        AWS_SECRET_ACCESS_KEY: "dummy",
        SLS_TELEMETRY_DISABLED: "1",
        ESBUILD_WORK_FOLDER: `.esbuild/http-package-${process.pid}`,
      },
      timeout: 120_000,
    },
  );
  const template = JSON.parse(
    readFileSync(join(folder, "cloudformation-template-update-stack.json"), "utf8"),
  );
  resources = template.Resources;
}, 150_000);

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const logicalName = (fn: string) => `${fn[0]?.toUpperCase()}${fn.slice(1)}LambdaFunction`;

function roleStatements(fn: string): Statement[] {
  const roleRef = resources[logicalName(fn)]?.Properties.Role as
    | { "Fn::GetAtt": [string, string] }
    | undefined;
  const role = roleRef?.["Fn::GetAtt"][0] ?? "";
  const policies = (resources[role]?.Properties.Policies ?? []) as {
    PolicyDocument: { Statement: Statement[] };
  }[];
  return policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

describe("serverless package: the HTTP API's CloudFormation", () => {
  it("has one function per route, each with its own role", () => {
    const roles = new Set<string>();
    for (const fn of Object.keys(EXPECTED_ACTIONS)) {
      const lambda = resources[logicalName(fn)];
      expect(lambda?.Type, fn).toBe("AWS::Lambda::Function");
      roles.add(JSON.stringify(lambda?.Properties.Role));
    }
    expect(roles.size).toBe(Object.keys(EXPECTED_ACTIONS).length);
    const routes = Object.values(resources).filter((r) => r.Type === "AWS::ApiGatewayV2::Route");
    const routeKeys = routes.map((route) => route.Properties.RouteKey).sort();
    const declared = Object.values(httpFunctions)
      .flatMap((fn) => fn.events ?? [])
      .map(({ httpApi }) => `${httpApi.method} ${httpApi.path}`)
      .sort();
    expect(routeKeys).toEqual(declared);
    expect(routeKeys).toHaveLength(12);
  });

  it("puts the token authorizer on every route", () => {
    const routes = Object.values(resources).filter((r) => r.Type === "AWS::ApiGatewayV2::Route");
    for (const route of routes) {
      expect(route.Properties.AuthorizationType, String(route.Properties.RouteKey)).toBe("CUSTOM");
      expect(route.Properties.AuthorizerId).toEqual({ Ref: "HttpApiAuthorizerApiToken" });
    }
    const authorizer = resources.HttpApiAuthorizerApiToken?.Properties;
    expect(authorizer).toMatchObject({
      AuthorizerType: "REQUEST",
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: "2.0",
    });
  });

  it("gives each role only its own Secrets Manager actions, on the prefix (or the token secret)", () => {
    for (const [fn, expected] of Object.entries(EXPECTED_ACTIONS)) {
      const statements = roleStatements(fn);
      const secretsStatements = statements.filter((s) =>
        s.Action.some((a) => a.startsWith("secretsmanager:")),
      );
      expect(secretsStatements.flatMap((s) => s.Action).sort(), fn).toEqual(expected);
      for (const statement of secretsStatements) {
        const resource = JSON.stringify(statement.Resource);
        if (fn === "listSecrets")
          expect(resource).toBe('"*"'); // IAM has no resource-level ListSecrets
        else if (fn === "authorizer") expect(resource).toContain(":secret:secrets-api/token-??????");
        else expect(resource, fn).toContain(":secret:app/*");
      }
      const logs = statements.filter((s) => s.Action.some((a) => a.startsWith("logs:")));
      expect(JSON.stringify(logs), fn).toContain(`/aws/lambda/secrets-manager-lambdas-dev-${fn}:*`);
    }
    // Only getSecretValue, patchSecretValue (it merges keys) and the authorizer may read values.
    const readers = Object.keys(EXPECTED_ACTIONS).filter((fn) =>
      roleStatements(fn).some((s) => s.Action.includes("secretsmanager:GetSecretValue")),
    );
    expect(readers.sort()).toEqual(["authorizer", "getSecretValue", "patchSecretValue"]);
  });

  it("lets rotateSecret invoke exactly the five rotation functions, and allow exactly those ARNs", () => {
    const rotationFunctions = Object.keys(
      parse(readFileSync(join(REPO, "serverless", "rotation-functions.yml"), "utf8")) as object,
    );
    expect(rotationFunctions.sort()).toEqual([
      "rotationGeneric",
      "rotationMysqlAlternatingUsers",
      "rotationMysqlSingleUser",
      "rotationPostgresAlternatingUsers",
      "rotationPostgresSingleUser",
    ]);
    const arnsOf = rotationFunctions.map((fn) => ({ "Fn::GetAtt": [logicalName(fn), "Arn"] }));
    const invoke = roleStatements("rotateSecret").filter((s) => s.Action.includes("lambda:InvokeFunction"));
    expect(invoke).toHaveLength(1);
    expect(invoke[0]?.Action).toEqual(["lambda:InvokeFunction"]);
    expect(invoke[0]?.Resource).toEqual(expect.arrayContaining(arnsOf));
    expect(invoke[0]?.Resource).toHaveLength(rotationFunctions.length);
    // The same functions, and only they, are what the handler accepts as rotationLambdaArn.
    const environment = resources[logicalName("rotateSecret")]?.Properties.Environment as {
      Variables: Record<string, unknown>;
    };
    const allowed = environment.Variables.ROTATION_FUNCTION_ARNS as { "Fn::Join": [string, unknown[]] };
    expect(allowed["Fn::Join"][0]).toBe(",");
    expect(allowed["Fn::Join"][1]).toEqual(expect.arrayContaining(arnsOf));
    expect(allowed["Fn::Join"][1]).toHaveLength(rotationFunctions.length);
    // No other HTTP function may invoke a Lambda function.
    for (const fn of Object.keys(EXPECTED_ACTIONS).filter((name) => name !== "rotateSecret")) {
      expect(JSON.stringify(roleStatements(fn)), fn).not.toContain("lambda:");
    }
  });

  it("sets log retention on every function's log group", () => {
    for (const fn of Object.keys(EXPECTED_ACTIONS)) {
      const group = resources[`${fn[0]?.toUpperCase()}${fn.slice(1)}LogGroup`];
      expect(group?.Properties.RetentionInDays, fn).toBe(30);
    }
  });
});

/** Strings found only in each database driver's code, to tell which drivers a bundle carries. */
const DRIVER_MARKERS = { pg: "fallback_application_name", mysql2: "caching_sha2_password" } as const;

function driversIn(zip: string): string[] {
  const code = execFileSync("unzip", ["-p", join(folder, zip)], { maxBuffer: 64 * 1024 * 1024 }).toString(
    "latin1",
  );
  return Object.entries(DRIVER_MARKERS)
    .filter(([, marker]) => code.includes(marker))
    .map(([driver]) => driver);
}

describe("serverless package: one bundle per function", () => {
  it("writes a zip per function, and each carries only its own database driver", () => {
    const zips = readdirSync(folder).filter((file) => file.endsWith(".zip"));
    const functions = Object.values(resources).filter((r) => r.Type === "AWS::Lambda::Function");
    expect(zips).toHaveLength(functions.length);
    for (const zip of zips) {
      const expected = /^rotationPostgres/.test(zip) ? ["pg"] : /^rotationMysql/.test(zip) ? ["mysql2"] : [];
      expect(driversIn(zip), zip).toEqual(expected);
    }
  });
});
