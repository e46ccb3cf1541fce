/**
 * The IAM policy documents of a template, and the roles' identity policies by function: what the action
 * check and the least-privilege simulation read.
 */
import type { CfnResource, Template } from "../packaged";

export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: Statement[];
}

/** Every policy document in the template, named by where it is. */
export function policyDocuments(template: Template): { where: string; document: PolicyDocument }[] {
  const found: { where: string; document: PolicyDocument }[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    const properties = resource.Properties ?? {};
    for (const key of ["AssumeRolePolicyDocument", "PolicyDocument", "KeyPolicy"]) {
      if (properties[key]) found.push({ where: `${id}.${key}`, document: properties[key] as PolicyDocument });
    }
    const policies = (properties.Policies ?? []) as { PolicyName: string; PolicyDocument: PolicyDocument }[];
    for (const policy of policies)
      found.push({ where: `${id}.${policy.PolicyName}`, document: policy.PolicyDocument });
  }
  return found;
}

/** Every IAM action the template names: in policy documents and Lambda permissions. */
export function namedActions(template: Template): { where: string; action: string }[] {
  const named: { where: string; action: string }[] = [];
  for (const { where, document } of policyDocuments(template)) {
    for (const statement of document.Statement) {
      for (const action of [statement.Action ?? [], statement.NotAction ?? []].flat())
        named.push({ where, action });
    }
  }
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type === "AWS::Lambda::Permission")
      named.push({ where: id, action: String(resource.Properties.Action) });
  }
  return named;
}

/** The functions of the template (logical id -> resource). */
export function lambdaFunctions(template: Template): Record<string, CfnResource> {
  return Object.fromEntries(
    Object.entries(template.Resources).filter(([, resource]) => resource.Type === "AWS::Lambda::Function"),
  );
}

/** The serverless.yml name of a function's logical id: `CreateSecretLambdaFunction` -> `createSecret`. */
export const functionName = (logicalId: string) =>
  `${logicalId[0]?.toLowerCase()}${logicalId.slice(1).replace(/LambdaFunction$/, "")}`;

/** The serverless.yml names of the template's functions. */
export const functionNames = (template: Template) => Object.keys(lambdaFunctions(template)).map(functionName);

/** The logical id of a function's role (the template's `Role: {Fn::GetAtt: [id, Arn]}`). */
export function roleOf(template: Template, fn: string): string {
  const logicalId = `${fn[0]?.toUpperCase()}${fn.slice(1)}LambdaFunction`;
  const role = template.Resources[logicalId]?.Properties.Role as
    | { "Fn::GetAtt": [string, string] }
    | undefined;
  if (!role) throw new Error(`no function ${fn} in the template`);
  return role["Fn::GetAtt"][0];
}

/** The statements of a function's role (its inline policies). */
export function roleStatements(template: Template, fn: string): Statement[] {
  const role = template.Resources[roleOf(template, fn)];
  const policies = (role?.Properties.Policies ?? []) as { PolicyDocument: PolicyDocument }[];
  return policies.flatMap((policy) => policy.PolicyDocument.Statement);
}
