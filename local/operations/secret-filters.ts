import { invalidParameter, serialization, validation } from "../core/errors";
import type { SecretRow } from "../store/rows";
import type { OperationContext } from "./context";
import { dataOf } from "./resolve-secret";
import { checkStringAt, type Input, objectItem, optionalList } from "./validation";

/** The filter keys, in the service model's order (AWS's enum message lists them so). */
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
  /** Values of which at least one must match (when any is given). */
  wanted: string[];
  /** Values given with "!": none may match. */
  excluded: string[];
}

const VALUE_RULE = { max: 512, pattern: /^!?[a-zA-Z0-9 :_@/+=.\-!]*$/ };
const isFilterKey = (key: string): key is FilterKey => (FILTER_KEYS as readonly string[]).includes(key);

/**
 * Reads Filters (at most 10) as AWS checks them: a filter without Key is "Invalid filter key"
 * (InvalidParameterException), an unknown Key breaks the enum (ValidationException naming
 * `filters.N.member.key`), a filter without Values is "Invalid filter values for key: K"
 * (InvalidParameterException); Values hold 1-10 entries of at most 512 allowed characters. Several
 * filters with the same key are all applied (AND), as with different keys.
 */
export function readFilters(input: Input, field = "Filters"): SecretFilter[] {
  const list = optionalList(input, field, { max: 10 }) ?? [];
  return list.map((entry, index) => {
    const path = `filters.${index + 1}.member`;
    const filter = objectItem(field, entry);
    const key = filter.Key;
    if (key === undefined || key === null) throw invalidParameter("Invalid filter key");
    if (typeof key !== "string") throw serialization("Key", "a string");
    if (!isFilterKey(key))
      throw validation(`${path}.key`, `Member must satisfy enum value set: [${FILTER_KEYS.join(", ")}]`);
    const values = filter.Values;
    if (values === undefined || values === null)
      throw invalidParameter(`Invalid filter values for key: ${key}`);
    if (!Array.isArray(values)) throw serialization("Values", "a list");
    if (values.length < 1)
      throw validation(`${path}.values`, "Member must have length greater than or equal to 1");
    if (values.length > 10)
      throw validation(`${path}.values`, "Member must have length less than or equal to 10");
    const checked = values.map((value) => {
      if (typeof value !== "string") throw serialization("Values", "a list of strings");
      return checkStringAt(`${path}.values`, value, VALUE_RULE);
    });
    return {
      key,
      wanted: checked.filter((value) => !value.startsWith("!")),
      excluded: checked.filter((value) => value.startsWith("!")).map((value) => value.slice(1)),
    };
  });
}

/**
 * Splits text into the words AWS searches: at every character that is not a letter or a digit, and
 * at case changes ("MyTest" is My + Test, "COMPANYthings" is COMPAN + Ythings, as AWS splits it).
 *
 * @example words("prod/AppBeta") // ["prod", "App", "Beta"]
 */
export function words(text: string): string[] {
  return text
    .split(/[^A-Za-z0-9]+/)
    .flatMap((part) => part.split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/))
    .filter((word) => word !== "");
}

/** True when every word of `value` begins (ignoring case) some word of `candidates`; no word: false. */
function everyWordMatches(candidates: readonly string[], value: string): boolean {
  const wanted = words(value).map((word) => word.toLowerCase());
  if (wanted.length === 0) return false;
  const available = candidates.flatMap(words).map((word) => word.toLowerCase());
  return wanted.every((word) => available.some((candidate) => candidate.startsWith(word)));
}

/**
 * Whether one filter value matches, per key as AWS documents and answers them: name, tag-key,
 * tag-value, primary-region and owning-service are case-sensitive prefixes of the whole value;
 * description and all match word by word, ignoring case (each word of the filter value must begin a
 * word of the description; for all, of the name, description, tag keys or tag values).
 */
function valueMatches(context: OperationContext, secret: SecretRow, key: FilterKey, value: string) {
  const data = dataOf(context, secret);
  const tags = () => context.store.listTags(data.id);
  const prefixOf = (candidates: readonly string[]) =>
    candidates.some((candidate) => candidate.startsWith(value));
  switch (key) {
    case "name":
      return prefixOf([secret.name]);
    case "tag-key":
      return prefixOf(tags().map((tag) => tag.key));
    case "tag-value":
      return prefixOf(tags().map((tag) => tag.value));
    case "primary-region":
      return prefixOf([data.region]);
    case "owning-service":
      return prefixOf(data.owning_service ? [data.owning_service] : []);
    case "description":
      return everyWordMatches(data.description ? [data.description] : [], value);
    case "all":
      return everyWordMatches(
        [secret.name, data.description ?? "", ...tags().flatMap((tag) => [tag.key, tag.value])],
        value,
      );
  }
}

/** Filters are ANDed; within one filter, any wanted value matches and no excluded value may. */
export function matchesFilters(
  context: OperationContext,
  secret: SecretRow,
  filters: SecretFilter[],
): boolean {
  return filters.every((filter) => {
    const matches = (value: string) => valueMatches(context, secret, filter.key, value);
    if (filter.wanted.length > 0 && !filter.wanted.some(matches)) return false;
    return !filter.excluded.some(matches);
  });
}
