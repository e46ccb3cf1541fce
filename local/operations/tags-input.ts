import { invalidParameter } from "../core/errors";
import type { TagRow } from "../store/rows";
import { type Input, objectItem, optionalList, optionalString } from "./validation";

export const MAX_TAGS = 50;

/** Reads a Tags list: keys 1-128, values 0-256, at most 50, a key at most once per request. */
export function readTags(input: Input, field = "Tags"): TagRow[] | undefined {
  const list = optionalList(input, field);
  if (!list) return undefined;
  const seen = new Set<string>();
  return list.map((entry) => {
    const tag = objectItem(field, entry);
    const key = optionalString(tag, "Key", { min: 1, max: 128 });
    const value = optionalString(tag, "Value", { max: 256 }) ?? "";
    if (key === undefined) throw invalidParameter("You must specify a tag key.");
    if (key.toLowerCase().startsWith("aws:"))
      throw invalidParameter("Tag keys can't begin with the prefix aws:.");
    if (seen.has(key)) throw invalidParameter("You can't specify the same tag key twice in one request.");
    seen.add(key);
    return { key, value };
  });
}

export const tagsToWire = (tags: TagRow[]) => tags.map((tag) => ({ Key: tag.key, Value: tag.value }));
