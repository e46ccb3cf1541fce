/**
 * `serverless package` offline (dummy credentials, nothing deployed), in each configuration: the
 * CloudFormation it writes has one function per route, one role per function made from the role table
 * (serverless/roles.js) with exactly the actions expected-permissions.ts lists, written independently of
 * that table; the authorizer on every route; one zip per function with only its own driver.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type ConfigurationName, packaged, type Template } from "../../support/packaged";
import { REPO } from "../../support/paths";
import { functionNames, roleOf, roleStatements } from "../../support/template/policies";
import { EXPECTED_FUNCTIONS, expectedActions, ROTATION_FUNCTIONS } from "../deploy/expected-permissions";

const logicalName = (fn: string) => `${fn[0]?.toUpperCase()}${fn.slice(1)}LambdaFunction`;
const readYaml = (file: string) =>
  parse(readFileSync(join(REPO, "serverless", file), "utf8")) as Record<string, unknown>;
const httpFunctions = readYaml("http-functions.yml") as Record<
  string,
  { events?: { httpApi: { method: string; path: string } }[] }
>;

const actionsOf = (template: Template, fn: string) =>
  [...new Set(roleStatements(template, fn).flatMap((statement) => [statement.Action ?? []].flat()))].sort();

for (const config of ["default", "full"] as ConfigurationName[]) {
  describe(`serverless package (${config} configuration): functions and their roles`, () => {
    let template: Template;
    let functions: string[];
    beforeAll(async () => {
      template = (await packaged(config)).template;
      functions = functionNames(template);
    }, 180_000);

    it("gives each function its own role with exactly the expected actions", () => {
      expect(functions.filter((fn) => !EXPECTED_FUNCTIONS.includes(fn))).toEqual([]);
      for (const fn of functions) expect(actionsOf(template, fn), fn).toEqual(expectedActions(fn, config));
      expect(new Set(functions.map((fn) => roleOf(template, fn))).size).toBe(functions.length);
    });

    it("writes each function's logs only to its own log group", () => {
      for (const fn of functions) {
        const logs = roleStatements(template, fn).filter((s) =>
          [s.Action].flat().some((a) => a?.startsWith("logs:")),
        );
        expect(JSON.stringify(logs.map((s) => s.Resource)), fn).toBe(
          JSON.stringify([
            {
              "Fn::Sub": `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/secrets-manager-lambdas-dev-${fn}:*`,
            },
          ]),
        );
      }
    });

    it("makes every role from the role table, the only place roles are described", () => {
      const roles = Object.entries(template.Resources).filter(
        ([, resource]) => resource.Type === "AWS::IAM::Role",
      );
      expect(roles.map(([id]) => id).sort()).toEqual(
        functions.map((fn) => `${fn[0]?.toUpperCase()}${fn.slice(1)}Role`).sort(),
      );
      for (const [id, role] of roles)
        expect(role.Properties.Description, id).toMatch(/\(serverless\/roles\.js\)$/);
      for (const file of readdirSync(join(REPO, "serverless")).filter((name) => name.endsWith(".yml"))) {
        expect(readFileSync(join(REPO, "serverless", file), "utf8"), file).not.toMatch(
          /AWS::IAM::(Role|Policy|ManagedPolicy)/,
        );
      }
      expect(readFileSync(join(REPO, "serverless.yml"), "utf8")).not.toMatch(
        /AWS::IAM::|iamRoleStatements|\n {2}iam:/,
      );
    });
  });
}

describe("serverless package: the HTTP API", () => {
  let template: Template;
  beforeAll(async () => {
    template = (await packaged("default")).template;
  }, 180_000);

  it("has one route per HTTP function, as http-functions.yml declares", () => {
    const routes = Object.values(template.Resources).filter((r) => r.Type === "AWS::ApiGatewayV2::Route");
    const routeKeys = routes.map((route) => route.Properties.RouteKey).sort();
    const routesDeclared = Object.values(httpFunctions)
      .flatMap((fn) => fn.events ?? [])
      .map(({ httpApi }) => `${httpApi.method} ${httpApi.path}`)
      .sort();
    expect(routeKeys).toEqual(routesDeclared);
    expect(routeKeys).toHaveLength(13);
  });

  it("puts the token authorizer on every route", () => {
    const routes = Object.values(template.Resources).filter((r) => r.Type === "AWS::ApiGatewayV2::Route");
    for (const route of routes) {
      expect(route.Properties.AuthorizationType, String(route.Properties.RouteKey)).toBe("CUSTOM");
      expect(route.Properties.AuthorizerId).toEqual({ Ref: "HttpApiAuthorizerApiToken" });
    }
    expect(template.Resources.HttpApiAuthorizerApiToken?.Properties).toMatchObject({
      AuthorizerType: "REQUEST",
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: "2.0",
    });
  });

  it("lets rotateSecret invoke exactly the rotation functions, and allow exactly those ARNs", () => {
    expect(Object.keys(readYaml("rotation-functions.yml")).sort()).toEqual([...ROTATION_FUNCTIONS].sort());
    const arnsOf = ROTATION_FUNCTIONS.map((fn) => ({ "Fn::GetAtt": [logicalName(fn), "Arn"] }));
    const invoke = roleStatements(template, "rotateSecret").filter((s) =>
      [s.Action].flat().includes("lambda:InvokeFunction"),
    );
    expect(invoke).toHaveLength(1);
    expect(invoke[0]?.Resource).toEqual(expect.arrayContaining(arnsOf));
    expect(invoke[0]?.Resource).toHaveLength(ROTATION_FUNCTIONS.length);
    // The same functions, and only they, are what the handler accepts as rotationLambdaArn.
    const environment = template.Resources[logicalName("rotateSecret")]?.Properties.Environment as {
      Variables: Record<string, unknown>;
    };
    const allowed = environment.Variables.ROTATION_FUNCTION_ARNS as { "Fn::Join": [string, unknown[]] };
    expect(allowed["Fn::Join"][0]).toBe(",");
    expect(allowed["Fn::Join"][1]).toEqual(expect.arrayContaining(arnsOf));
    expect(allowed["Fn::Join"][1]).toHaveLength(ROTATION_FUNCTIONS.length);
  });
});

/** Strings found only in each database driver's code, to tell which drivers a bundle carries. */
const DRIVER_MARKERS = { pg: "fallback_application_name", mysql2: "caching_sha2_password" } as const;

describe("serverless package: one bundle per function", () => {
  it("writes a zip per function, and each carries only its own database driver", async () => {
    const { template, folder } = await packaged("default");
    const driversIn = (zip: string) => {
      const code = execFileSync("unzip", ["-p", join(folder, zip)], { maxBuffer: 64 * 1024 * 1024 }).toString(
        "latin1",
      );
      return Object.entries(DRIVER_MARKERS)
        .filter(([, marker]) => code.includes(marker))
        .map(([driver]) => driver);
    };
    const zips = readdirSync(folder).filter((file) => file.endsWith(".zip"));
    expect(zips).toHaveLength(functionNames(template).length);
    for (const zip of zips) {
      const expected = /^rotationPostgres/.test(zip) ? ["pg"] : /^rotationMysql/.test(zip) ? ["mysql2"] : [];
      expect(driversIn(zip), zip).toEqual(expected);
    }
  }, 60_000);
});
