import { validation } from "../core/errors";
import type { SecretRow } from "../store/rows";
import type { OperationContext } from "./context";
import { dataOf } from "./resolve-secret";
import { type Input, objectItem, optionalList, optionalString, optionalStringList } from "./validation";

const FILTER_KEYS = [
  "description",
  "name",
  "tag-key",
  "tag-value",
  "primary-region",
  "owning-service",
  "all",
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export interface SecretFilter {
  key: FilterKey;
  /** Prefixes of which at least one must match (when any is given). */
  wanted: string[];
  /** Prefixes given with "!": none may match. */
  excluded: string[];
}

const VALUE_PATTERN = /^!?[a-zA-Z0-9 :_@/+=.\-!]*$/;
const isFilterKey = (key: string): key is FilterKey => (FILTER_KEYS as readonly string[]).includes(key);

export function readFilters(input: Input, field = "Filters"): SecretFilter[] {
  const list = optionalList(input, field, { max: 10 }) ?? [];
  return list.map((entry) => {
    const filter = objectItem(field, entry);
    const key = optionalString(filter, "Key");
    if (key === undefined || !isFilterKey(key))
      throw validation(
        "filters.member.key",
        `Member must satisfy enum value set: [${FILTER_KEYS.join(", ")}]`,
      );
    const values = optionalStringList(
      filter,
      "Values",
      { min: 1, max: 10 },
      { max: 512, pattern: VALUE_PATTERN },
    );
    if (!values) throw validation("filters.member.values", "Member must not be null");
    return {
      key,
      wanted: values.filter((value) => !value.startsWith("!")),
      excluded: values.filter((value) => value.startsWith("!")).map((value) => value.slice(1)),
    };
  });
}

/** The attribute values a filter key searches, and whether matching ignores case. */
function attributes(
  context: OperationContext,
  secret: SecretRow,
  key: FilterKey,
): { values: string[]; fold: boolean } {
  const data = dataOf(context, secret);
  const tags = () => context.store.listTags(data.id);
  switch (key) {
    case "name":
      return { values: [secret.name], fold: false };
    case "description":
      return { values: data.description ? [data.description] : [], fold: true };
    case "tag-key":
      return { values: tags().map((tag) => tag.key), fold: false };
    case "tag-value":
      return { values: tags().map((tag) => tag.value), fold: false };
    case "primary-region":
      return { values: [data.region], fold: false };
    case "owning-service":
      return { values: data.owning_service ? [data.owning_service] : [], fold: false };
    case "all": {
      // "all" searches every attribute, by whole value and by each word in it, case-insensitively.
      const all = [secret.name, data.description ?? "", data.region, data.owning_service ?? ""];
      for (const tag of tags()) all.push(tag.key, tag.value);
      const words = all
        .flatMap((value) => [value, ...value.split(/[\s/_+=.@:-]+/)])
        .filter((word) => word !== "");
      return { values: words, fold: true };
    }
  }
}

function prefixMatches(candidates: string[], prefix: string, fold: boolean, key: FilterKey): boolean {
  if (key === "all") {
    // each word of the filter value must prefix-match some word of the secret
    const words = prefix
      .toLowerCase()
      .split(/\s+/)
      .filter((word) => word !== "");
    return words.every((word) => candidates.some((candidate) => candidate.toLowerCase().startsWith(word)));
  }
  const wanted = fold ? prefix.toLowerCase() : prefix;
  return candidates.some((candidate) => (fold ? candidate.toLowerCase() : candidate).startsWith(wanted));
}

/** Filters are ANDed; within one filter, any wanted prefix matches and no excluded prefix may. */
export function matchesFilters(
  context: OperationContext,
  secret: SecretRow,
  filters: SecretFilter[],
): boolean {
  return filters.every((filter) => {
    const { values, fold } = attributes(context, secret, filter.key);
    if (
      filter.wanted.length > 0 &&
      !filter.wanted.some((prefix) => prefixMatches(values, prefix, fold, filter.key))
    )
      return false;
    return !filter.excluded.some((prefix) => prefixMatches(values, prefix, fold, filter.key));
  });
}
