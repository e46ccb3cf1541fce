import { limitExceeded, validation } from "../core/errors";
import type { Operation } from "./context";
import { resolveWritableSecret } from "./resolve-secret";
import { MAX_TAGS, readTags } from "./tags-input";
import { optionalStringList, secretId } from "./validation";

/** TagResource: adds or overwrites tags; a secret keeps at most 50. Tags is required. Answers nothing. */
export const tagResource: Operation = (context, input) => {
  const id = secretId(input);
  const tags = readTags(input);
  if (!tags) throw validation("tags", "Member must not be null");
  const secret = resolveWritableSecret(context, id);
  for (const tag of tags) context.store.putTag(secret.id, tag.key, tag.value);
  if (context.store.listTags(secret.id).length > MAX_TAGS)
    throw limitExceeded(`A secret can have at most ${MAX_TAGS} tags.`);
  context.store.markTagged(secret.id);
  context.store.updateSecret(secret.id, { last_changed_date: context.now });
  return {};
};

/**
 * UntagResource: removes the keys given; keys the secret lacks are ignored. TagKeys is required. A
 * secret whose Tags were set keeps answering Tags (`[]` once the last one is gone), as AWS does.
 */
export const untagResource: Operation = (context, input) => {
  const id = secretId(input);
  const keys = optionalStringList(input, "TagKeys", {}, { min: 1, max: 128 });
  if (!keys) throw validation("tagKeys", "Member must not be null");
  const secret = resolveWritableSecret(context, id);
  for (const key of keys) context.store.deleteTag(secret.id, key);
  context.store.updateSecret(secret.id, { last_changed_date: context.now });
  return {};
};
