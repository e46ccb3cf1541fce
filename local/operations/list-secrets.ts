import { validation } from "../core/errors";
import type { SecretRow } from "../store/rows";
import type { SecretCursor } from "../store/secret-store";
import type { Operation, OperationContext } from "./context";
import { decodeToken, encodeToken } from "./paging";
import { matchesFilters, readFilters, type SecretFilter } from "./secret-filters";
import { listEntryView } from "./secret-view";
import { type Input, MAX_RESULTS, optionalBoolean, optionalInteger, optionalString } from "./validation";

const isCursor = (value: unknown): value is SecretCursor =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as SecretCursor).created === "number" &&
  typeof (value as SecretCursor).id === "number";

export interface SecretPage {
  secrets: SecretRow[];
  nextToken: string | undefined;
}

/**
 * One page of a region's secrets matching `filters`, ordered by CreatedDate (SortOrder, default asc).
 * Reads rows lazily and stops one match after the page, so a page costs what it returns plus skips.
 */
export function pageSecrets(
  context: OperationContext,
  input: Input,
  kind: string,
  filters: SecretFilter[],
  maxResults: number,
  includePlannedDeletion: boolean,
): SecretPage {
  const order = optionalString(input, "SortOrder");
  if (order !== undefined && order !== "asc" && order !== "desc")
    throw validation("sortOrder", "Member must satisfy enum value set: [asc, desc]");
  const cursor = decodeToken(input, kind, isCursor);
  const secrets: SecretRow[] = [];
  let nextToken: string | undefined;
  for (const secret of context.store.iterateSecrets(
    context.request.region,
    order ?? "asc",
    includePlannedDeletion,
    cursor,
  )) {
    if (!matchesFilters(context, secret, filters)) continue;
    if (secrets.length === maxResults) {
      const last = secrets[secrets.length - 1] as SecretRow;
      nextToken = encodeToken(kind, { created: last.created_date, id: last.id });
      break;
    }
    secrets.push(secret);
  }
  return { secrets, nextToken };
}

export const listSecrets: Operation = (context, input) => {
  const includePlannedDeletion = optionalBoolean(input, "IncludePlannedDeletion") ?? false;
  const maxResults = optionalInteger(input, "MaxResults", MAX_RESULTS) ?? 100;
  const filters = readFilters(input);
  const page = pageSecrets(context, input, "ListSecrets", filters, maxResults, includePlannedDeletion);
  return {
    SecretList: page.secrets.map((secret) => listEntryView(context, secret)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
};
