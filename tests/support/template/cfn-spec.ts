/**
 * A CloudFormation template against the CloudFormation resource specification (`@aws-cdk/aws-service-spec`,
 * the database the CDK is built from): every resource type exists, every property (nested ones included)
 * is one its type has, required properties are present, and every Ref, Fn::GetAtt, Fn::Sub reference and
 * DependsOn names a resource, parameter or pseudo parameter that exists (and an attribute its type has).
 *
 * @example
 * expect(specProblems(template)).toEqual([]);
 */
import { loadAwsServiceSpecSync } from "@aws-cdk/aws-service-spec";
import type { PropertyType, SpecDatabase, Resource as SpecResource } from "@aws-cdk/service-spec-types";
import type { Template } from "../packaged";

let database: SpecDatabase | undefined;
/** The specification, loaded once per process (about half a second). */
function spec(): SpecDatabase {
  database ??= loadAwsServiceSpecSync();
  return database;
}

const PSEUDO_PARAMETERS = new Set([
  "AWS::AccountId",
  "AWS::NotificationARNs",
  "AWS::NoValue",
  "AWS::Partition",
  "AWS::Region",
  "AWS::StackId",
  "AWS::StackName",
  "AWS::URLSuffix",
]);

const isIntrinsic = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return (
    keys.length === 1 &&
    (keys[0] === "Ref" || keys[0]?.startsWith("Fn::") === true || keys[0] === "Condition")
  );
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function checkValue(value: unknown, type: PropertyType, path: string, problems: string[]): void {
  if (isIntrinsic(value)) return; // its result is not known before deployment
  switch (type.type) {
    case "ref": {
      const definition = spec().get("typeDefinition", type.reference);
      if (!isPlainObject(value)) {
        problems.push(`${path}: expected an object (${definition.name})`);
        return;
      }
      checkProperties(value, definition.properties, path, problems);
      return;
    }
    case "array":
      if (!Array.isArray(value)) {
        problems.push(`${path}: expected a list`);
        return;
      }
      for (const [index, item] of value.entries())
        checkValue(item, type.element, `${path}[${index}]`, problems);
      return;
    case "map":
      if (!isPlainObject(value)) {
        problems.push(`${path}: expected a map`);
        return;
      }
      for (const [key, item] of Object.entries(value))
        checkValue(item, type.element, `${path}.${key}`, problems);
      return;
    case "union": {
      // Valid when valid under one of its types.
      const verdicts = type.types.map((member) => {
        const found: string[] = [];
        checkValue(value, member, path, found);
        return found;
      });
      if (verdicts.every((found) => found.length > 0)) problems.push(...(verdicts[0] ?? []));
      return;
    }
    case "tag":
      if (!isPlainObject(value) || typeof value.Key !== "string") problems.push(`${path}: expected a tag`);
      return;
    default:
      // string, number, integer, boolean, date-time, json, null: CloudFormation converts scalars itself.
      if (type.type !== "json" && (isPlainObject(value) || Array.isArray(value))) {
        problems.push(
          `${path}: expected type ${type.type}, not ${Array.isArray(value) ? "a list" : "an object"}`,
        );
      }
  }
}

function checkProperties(
  value: Record<string, unknown>,
  properties: SpecResource["properties"],
  path: string,
  problems: string[],
): void {
  for (const [name, property] of Object.entries(value)) {
    const known = properties[name];
    if (!known) {
      problems.push(`${path}.${name}: not a property of this type`);
      continue;
    }
    checkValue(property, known.type, `${path}.${name}`, problems);
  }
  for (const [name, property] of Object.entries(properties)) {
    if (property.required && !(name in value)) problems.push(`${path}.${name}: required, missing`);
  }
}

/** Every Ref, GetAtt and Sub reference in `value`, as [target, attribute?]. */
function references(
  value: unknown,
  found: [string, string | undefined][] = [],
): [string, string | undefined][] {
  if (Array.isArray(value)) {
    for (const item of value) references(item, found);
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === "Ref" && typeof item === "string") found.push([item, undefined]);
      else if (key === "Fn::GetAtt") {
        const [target, attribute] = Array.isArray(item) ? item : String(item).split(/\.(.*)/);
        found.push([String(target), String(attribute)]);
      } else if (key === "Fn::Sub") {
        const [text, variables] = Array.isArray(item) ? item : [item, {}];
        const local = new Set(Object.keys((variables ?? {}) as object));
        for (const match of String(text).matchAll(/\$\{([^!}][^}]*)\}/g)) {
          const [target, attribute] = (match[1] ?? "").split(/\.(.*)/);
          if (!local.has(target ?? "")) found.push([target ?? "", attribute]);
        }
        if (Array.isArray(item)) references(item[1], found);
      } else references(item, found);
    }
  }
  return found;
}

/** What is wrong with `template` by the specification; empty when nothing is. */
export function specProblems(template: Template): string[] {
  const problems: string[] = [];
  const resources = template.Resources ?? {};
  const parameters = new Set(Object.keys(template.Parameters ?? {}));
  const typeOf = new Map<string, SpecResource | undefined>();
  for (const [id, resource] of Object.entries(resources)) {
    const [type] = spec().lookup("resource", "cloudFormationType", "equals", resource.Type);
    typeOf.set(id, type);
    if (!type) {
      problems.push(`${id}: no resource type ${resource.Type}`);
      continue;
    }
    checkProperties(resource.Properties ?? {}, type.properties, `${id}.Properties`, problems);
    for (const target of [resource.DependsOn ?? []].flat()) {
      if (!resources[target]) problems.push(`${id}.DependsOn: no resource ${target}`);
    }
  }
  const checkReferences = (where: string, value: unknown) => {
    for (const [target, attribute] of references(value)) {
      if (attribute === undefined) {
        if (!resources[target] && !parameters.has(target) && !PSEUDO_PARAMETERS.has(target)) {
          problems.push(`${where}: Ref to nothing named ${target}`);
        }
        continue;
      }
      const type = typeOf.get(target);
      if (!resources[target]) problems.push(`${where}: GetAtt of nothing named ${target}`);
      else if (type && !type.attributes[attribute]) {
        problems.push(`${where}: ${resources[target]?.Type} ${target} has no attribute ${attribute}`);
      }
    }
  };
  for (const [id, resource] of Object.entries(resources)) checkReferences(id, resource);
  for (const [id, output] of Object.entries(template.Outputs ?? {})) checkReferences(`Outputs.${id}`, output);
  return problems;
}
