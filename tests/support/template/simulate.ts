/**
 * Least privilege by simulation (`@cloud-copilot/iam-simulate`): a role's policy, its intrinsics resolved
 * as CloudFormation would in account ACCOUNT and region REGION, asked whether it allows one request.
 *
 * The simulator validates each request (the action exists, the resource fits the action, the context keys
 * apply) and evaluates the policies, except the `kms:EncryptionContext:<key>` keys, which it cannot read
 * yet. For a request carrying those, a policy that denies without them is asked again in the simulator's
 * Discovery mode, which answers what conditions on the unread keys would allow it; those are evaluated
 * here against the request's encryption context (only string operators; any other fails loudly).
 *
 * @example
 * await decide(roleDocument(template, "getSecretValue"), { action: "secretsmanager:GetSecretValue", resource: arn });
 */
import { type AllowedConditionExpression, runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import { ACCOUNT, REGION, type Template } from "../packaged";
import { iamPattern } from "./glob";
import { type PolicyDocument, roleStatements } from "./policies";

export interface SimRequest {
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
}

export type Decision = "Allowed" | "Denied";

const PSEUDO: Record<string, string> = {
  "AWS::AccountId": ACCOUNT,
  "AWS::Region": REGION,
  "AWS::Partition": "aws",
  "AWS::URLSuffix": "amazonaws.com",
};

/** What `Ref` and `Fn::GetAtt` of a resource give, for the resource types the policies refer to. */
function attribute(template: Template, id: string, name: "Ref" | string): string {
  const resource = template.Resources[id];
  if (!resource) throw new Error(`no resource ${id}`);
  const properties = resource.Properties;
  const arn = (service: string, rest: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${rest}`;
  switch (`${resource.Type} ${name}`) {
    case "AWS::Lambda::Function Ref":
      return String(properties.FunctionName);
    case "AWS::Lambda::Function Arn":
      return arn("lambda", `function:${properties.FunctionName}`);
    case "AWS::SNS::Topic Ref":
      return arn("sns", String(properties.TopicName));
    case "AWS::SQS::Queue Arn":
      return arn("sqs", String(properties.QueueName));
    case "AWS::SQS::Queue QueueName":
      return String(properties.QueueName);
    case "AWS::SQS::Queue Ref":
      return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${properties.QueueName}`;
    case "AWS::KMS::Key Arn":
      return arn("kms", `key/${id}`);
    case "AWS::Events::Rule Arn":
      return arn("events", `rule/${id}`);
    case "AWS::IAM::Role Arn":
      return `arn:aws:iam::${ACCOUNT}:role/${id}`;
    default:
      throw new Error(`no value known for ${name} of ${resource.Type} ${id}`);
  }
}

/** `value` with every intrinsic replaced by what CloudFormation would put there. */
export function resolve(value: unknown, template: Template): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(item, template));
  if (typeof value !== "object" || value === null) return value;
  const object = value as Record<string, unknown>;
  if ("Ref" in object) {
    const target = String(object.Ref);
    return PSEUDO[target] ?? attribute(template, target, "Ref");
  }
  if ("Fn::GetAtt" in object) {
    const [id, name] = object["Fn::GetAtt"] as [string, string];
    return attribute(template, id, name);
  }
  if ("Fn::Sub" in object) {
    return String(object["Fn::Sub"]).replace(/\$\{([^}]+)\}/g, (_whole, reference: string) => {
      if (PSEUDO[reference]) return PSEUDO[reference] as string;
      const [id, name] = reference.split(/\.(.*)/);
      return attribute(template, id ?? "", name ?? "Ref");
    });
  }
  if ("Fn::Join" in object) {
    const [separator, parts] = object["Fn::Join"] as [string, unknown[]];
    return parts.map((part) => resolve(part, template)).join(separator);
  }
  const intrinsic = Object.keys(object).find((key) => key.startsWith("Fn::"));
  if (intrinsic) throw new Error(`cannot resolve ${intrinsic}`);
  return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, resolve(item, template)]));
}

/** The identity policy of a function's role, resolved. */
export function roleDocument(template: Template, fn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: resolve(roleStatements(template, fn), template) as PolicyDocument["Statement"],
  };
}

/** A key policy that leaves the decision to IAM policies, as AWS's default key policy does. */
export const DELEGATING_KEY_POLICY: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
  ] as PolicyDocument["Statement"],
};

// IAM action names ignore case; condition values compared with StringLike do not.
const matchesAction = (pattern: string, action: string) =>
  iamPattern(pattern, { ignoreCase: true }).test(action);

/**
 * Whether some Allow statement of `document` can apply to `action` (an Action naming it, a pattern matching
 * it, or a NotAction): when none can, IAM denies it and no simulation is needed.
 */
export function namesAction(document: PolicyDocument, action: string): boolean {
  return document.Statement.some(
    (statement) =>
      statement.Effect === "Allow" &&
      (statement.NotAction !== undefined ||
        [statement.Action ?? []].flat().some((pattern) => matchesAction(pattern, action))),
  );
}

const isEncryptionContextKey = (key: string) => /^kms:EncryptionContext:/i.test(key);

const globMatches = (pattern: string, value: string) => iamPattern(pattern).test(value);

/** Whether the conditions Discovery mode left over hold for the request's encryption context. */
function holds(expression: AllowedConditionExpression, context: Record<string, string | string[]>): boolean {
  switch (expression.conditionType) {
    case "always":
      return true;
    case "never":
      return false;
    case "group":
      return expression.operator === "and"
        ? expression.conditions.every((inner) => holds(inner, context))
        : expression.conditions.some((inner) => holds(inner, context));
    case "condition": {
      const key = Object.keys(context).find((name) => name.toLowerCase() === expression.key.toLowerCase());
      const actual = key === undefined ? [] : [context[key] ?? []].flat();
      const match = { StringLike: globMatches, StringEquals: (a: string, b: string) => a === b }[
        expression.op
      ];
      if (!match) throw new Error(`cannot evaluate ${expression.op} on ${expression.key}`);
      const result =
        actual.length > 0 &&
        actual.some((value) => expression.values.some((pattern) => match(pattern, value)));
      return expression.inverted ? !result : result;
    }
    default:
      throw new Error(`cannot evaluate a ${expression.conditionType} condition`);
  }
}

async function simulate(
  identity: PolicyDocument,
  request: SimRequest,
  context: Record<string, string | string[]>,
  resourcePolicy: PolicyDocument | undefined,
  mode: "Strict" | "Discovery",
) {
  const simulation: Simulation = {
    identityPolicies: [{ name: "role", policy: identity }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(resourcePolicy ? { resourcePolicy } : {}),
    request: {
      action: request.action,
      principal: `arn:aws:iam::${ACCOUNT}:role/function-role`,
      resource: { accountId: ACCOUNT, resource: request.resource },
      contextVariables: context,
    },
  } as Simulation;
  const result = await runSimulation(simulation, { simulationMode: mode });
  if (result.resultType === "error") {
    throw new Error(
      `simulation refused ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`,
    );
  }
  return result;
}

/**
 * Whether `identity` allows `request`. KMS requests need the key's policy (`resourcePolicy`); by default
 * one that delegates to IAM, so the role's own policy decides.
 */
export async function decide(
  identity: PolicyDocument,
  request: SimRequest,
  resourcePolicy: PolicyDocument | undefined = request.action.startsWith("kms:")
    ? DELEGATING_KEY_POLICY
    : undefined,
): Promise<Decision> {
  const context = request.context ?? {};
  const readable = Object.fromEntries(
    Object.entries(context).filter(([key]) => !isEncryptionContextKey(key)),
  );
  const strict = await simulate(identity, request, readable, resourcePolicy, "Strict");
  if (strict.overallResult === "Allowed") return "Allowed";
  if (Object.keys(readable).length === Object.keys(context).length) return "Denied";
  const discovery = await simulate(identity, request, readable, resourcePolicy, "Discovery");
  if (discovery.resultType !== "single" || discovery.overallResult !== "Allowed") return "Denied";
  const conditions = discovery.result.analysis.conditions;
  return conditions && holds(conditions, context) ? "Allowed" : "Denied";
}
