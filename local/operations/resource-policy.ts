import { malformedPolicy, publicPolicy } from "../core/errors";
import type { Operation } from "./context";
import { dataOf, resolveLiveSecret, resolveSecret, resolveWritableSecret } from "./resolve-secret";
import {
  checkSecretId,
  type Input,
  optionalBoolean,
  optionalString,
  requiredString,
  secretId,
} from "./validation";

const POLICY_RULE = { min: 1, max: 20_480 };

/**
 * Checks a policy the way this endpoint can: JSON object with a non-empty Statement (object or list of
 * objects), each with Effect Allow/Deny. It does not evaluate IAM semantics.
 */
function policyProblems(policy: string): string[] {
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch {
    return ["The policy isn't valid JSON."];
  }
  if (typeof document !== "object" || document === null || Array.isArray(document))
    return ["The policy must be a JSON object."];
  const statement = (document as { Statement?: unknown }).Statement;
  const statements = Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
  if (statements.length === 0) return ["The policy must contain a Statement."];
  const problems: string[] = [];
  for (const entry of statements) {
    const effect =
      typeof entry === "object" && entry !== null ? (entry as { Effect?: unknown }).Effect : undefined;
    if (effect !== "Allow" && effect !== "Deny")
      problems.push("Each statement must have Effect Allow or Deny.");
  }
  return problems;
}

/** What BlockPublicPolicy refuses: an Allow statement whose Principal is "*" (or {"AWS": "*"}). */
function grantsPublicAccess(policy: string): boolean {
  const document = JSON.parse(policy) as { Statement?: unknown };
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  return statements.some((entry) => {
    if (typeof entry !== "object" || entry === null) return false;
    const { Effect, Principal } = entry as { Effect?: unknown; Principal?: unknown };
    if (Effect !== "Allow") return false;
    if (Principal === "*") return true;
    const aws =
      typeof Principal === "object" && Principal !== null ? (Principal as { AWS?: unknown }).AWS : undefined;
    return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
  });
}

const readPolicy = (input: Input) => requiredString(input, "ResourcePolicy", POLICY_RULE);

/** PutResourcePolicy: public policies are refused only with BlockPublicPolicy true (AWS's default is false). */
export const putResourcePolicy: Operation = (context, input) => {
  const id = secretId(input);
  const policy = readPolicy(input);
  const block = optionalBoolean(input, "BlockPublicPolicy") ?? false;
  const secret = resolveWritableSecret(context, id);
  const problems = policyProblems(policy);
  if (problems.length > 0) throw malformedPolicy(problems[0] as string);
  if (block && grantsPublicAccess(policy)) throw publicPolicy();
  context.store.updateSecret(secret.id, { resource_policy: policy, last_changed_date: context.now });
  return { ARN: secret.arn, Name: secret.name };
};

export const getResourcePolicy: Operation = (context, input) => {
  const secret = resolveLiveSecret(context, secretId(input));
  const policy = dataOf(context, secret).resource_policy;
  return { ARN: secret.arn, Name: secret.name, ...(policy !== null ? { ResourcePolicy: policy } : {}) };
};

export const deleteResourcePolicy: Operation = (context, input) => {
  const secret = resolveWritableSecret(context, secretId(input));
  context.store.updateSecret(secret.id, { resource_policy: null, last_changed_date: context.now });
  return { ARN: secret.arn, Name: secret.name };
};

/** ValidateResourcePolicy: SecretId is optional; the answer lists problems instead of refusing. */
export const validateResourcePolicy: Operation = (context, input) => {
  const id = optionalString(input, "SecretId", { min: 1, max: 2048 });
  if (id !== undefined) {
    checkSecretId(id);
    resolveSecret(context, id);
  }
  const problems = policyProblems(readPolicy(input));
  return {
    PolicyValidationPassed: problems.length === 0,
    ValidationErrors: problems.map((message) => ({ CheckName: "JSON_SYNTAX", ErrorMessage: message })),
  };
};
