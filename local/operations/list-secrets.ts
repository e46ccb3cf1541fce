import { validation } from "../core/errors";
import type { SecretRow } from "../store/rows";
import type { SecretCursor } from "../store/secret-store";
import type { Operation, OperationContext } from "./context";
import { decodeToken, encodeToken, isOffset } from "./paging";
import { dataOf } from "./resolve-secret";
import { matchesFilters, readFilters, type SecretFilter } from "./secret-filters";
import { lastChangedDate, listEntryView } from "./secret-view";
import { type Input, MAX_RESULTS, optionalBoolean, optionalInteger, optionalString } from "./validation";

const SORT_BY = ["created-date", "last-accessed-date", "last-changed-date", "name"] as const;
export type SortBy = (typeof SORT_BY)[number];

export interface PageRequest {
  /** Tags the NextToken, so a token from one operation (or sort) is refused by another. */
  kind: string;
  filters: SecretFilter[];
  maxResults: number;
  includePlannedDeletion: boolean;
  order: "asc" | "desc";
  sortBy: SortBy;
}

export interface SecretPage {
  secrets: SecretRow[];
  nextToken: string | undefined;
}

const isCursor = (value: unknown): value is SecretCursor =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as SecretCursor).created === "number" &&
  typeof (value as SecretCursor).id === "number";

/**
 * One page of a region's secrets matching the filters. By CreatedDate (the default) it reads rows
 * lazily in index order and stops one match after the page, so a page costs what it returns plus skips;
 * by another SortBy it sorts the region's matching secrets (ties by CreatedDate) and pages by position.
 */
export function pageSecrets(context: OperationContext, input: Input, page: PageRequest): SecretPage {
  return page.sortBy === "created-date"
    ? pageByCreation(context, input, page)
    : pageBySorting(context, input, page);
}

function pageByCreation(context: OperationContext, input: Input, page: PageRequest): SecretPage {
  const cursor = decodeToken(input, page.kind, isCursor);
  const secrets: SecretRow[] = [];
  let nextToken: string | undefined;
  const rows = context.store.iterateSecrets(
    context.request.region,
    page.order,
    page.includePlannedDeletion,
    cursor,
  );
  for (const secret of rows) {
    if (!matchesFilters(context, secret, page.filters)) continue;
    if (secrets.length === page.maxResults) {
      const last = secrets[secrets.length - 1] as SecretRow;
      nextToken = encodeToken(page.kind, { created: last.created_date, id: last.id });
      break;
    }
    secrets.push(secret);
  }
  return { secrets, nextToken };
}

const sortValue: Record<
  Exclude<SortBy, "created-date">,
  (context: OperationContext, secret: SecretRow) => string | number
> = {
  name: (_context, secret) => secret.name,
  "last-changed-date": (context, secret) => lastChangedDate(context, dataOf(context, secret)),
  "last-accessed-date": (_context, secret) => secret.last_accessed_date ?? 0,
};

function pageBySorting(context: OperationContext, input: Input, page: PageRequest): SecretPage {
  const kind = `${page.kind}:${page.sortBy}:${page.order}`;
  const start = decodeToken(input, kind, isOffset)?.offset ?? 0;
  const value = sortValue[page.sortBy as Exclude<SortBy, "created-date">];
  const matching = [
    ...context.store.iterateSecrets(context.request.region, "asc", page.includePlannedDeletion, undefined),
  ].filter((secret) => matchesFilters(context, secret, page.filters));
  const direction = page.order === "asc" ? 1 : -1;
  const keys = new Map(matching.map((secret) => [secret.id, value(context, secret)]));
  matching.sort((a, b) => {
    const [x, y] = [keys.get(a.id) ?? 0, keys.get(b.id) ?? 0];
    return (x < y ? -1 : x > y ? 1 : a.created_date - b.created_date || a.id - b.id) * direction;
  });
  const end = start + page.maxResults;
  return {
    secrets: matching.slice(start, end),
    nextToken: end < matching.length ? encodeToken(kind, { offset: end }) : undefined,
  };
}

/**
 * ListSecrets: CreatedDate order by default (SortBy created-date, last-accessed-date,
 * last-changed-date or name; SortOrder asc by default), MaxResults 1-100 (default 100), secrets
 * scheduled for deletion only with IncludePlannedDeletion.
 */
export const listSecrets: Operation = (context, input) => {
  const includePlannedDeletion = optionalBoolean(input, "IncludePlannedDeletion") ?? false;
  const maxResults = optionalInteger(input, "MaxResults", MAX_RESULTS) ?? 100;
  const filters = readFilters(input);
  const order = optionalString(input, "SortOrder");
  if (order !== undefined && order !== "asc" && order !== "desc")
    throw validation("sortOrder", "Member must satisfy enum value set: [asc, desc]");
  const sortBy = optionalString(input, "SortBy");
  if (sortBy !== undefined && !(SORT_BY as readonly string[]).includes(sortBy))
    throw validation("sortBy", `Member must satisfy enum value set: [${SORT_BY.join(", ")}]`);
  const page = pageSecrets(context, input, {
    kind: "ListSecrets",
    filters,
    maxResults,
    includePlannedDeletion,
    order: order ?? "asc",
    sortBy: (sortBy as SortBy | undefined) ?? "created-date",
  });
  return {
    SecretList: page.secrets.map((secret) => listEntryView(context, secret)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
};
