import { invalidRequest, limitExceeded, resourceExists, tokenInUse } from "../core/errors";
import { randomArnSuffix, secretArn } from "./arn";
import type { Operation } from "./context";
import { addVersion } from "./new-version";
import { readReplicaRegions, replicateTo } from "./replication";
import { readSecretValue, sameValue } from "./secret-value";
import { replicationStatus } from "./secret-view";
import { MAX_TAGS, readTags } from "./tags-input";
import {
  checkClientRequestToken,
  checkName,
  clientRequestTokenField,
  description,
  kmsKeyId,
  nameField,
  optionalBoolean,
} from "./validation";
import { AWSCURRENT } from "./version-stages";

export const SCHEDULED_NAME =
  "You can't create this secret because a secret with this name is already scheduled for deletion.";

/**
 * CreateSecret. A value is optional (AWS creates a secret with no version then). Names ending in "-"
 * and six characters are accepted, as AWS accepts them (it only advises against them): resolution tries
 * the exact ARN first, so such a name stays reachable. Once the request is read, ClientRequestToken is
 * checked first (a raw request without one is refused), then the name's characters.
 */
export const createSecret: Operation = (context, input) => {
  const givenToken = clientRequestTokenField(input);
  const givenName = nameField(input);
  const text = description(input);
  const kmsKey = kmsKeyId(input);
  const value = readSecretValue(input);
  const givenTags = readTags(input);
  const replicaRegions = readReplicaRegions(input, "AddReplicaRegions");
  const forceOverwrite = optionalBoolean(input, "ForceOverwriteReplicaSecret") ?? false;
  const token = checkClientRequestToken(givenToken, true);
  const name = checkName(givenName);
  const tags = givenTags ?? [];
  if (tags.length > MAX_TAGS) throw limitExceeded(`A secret can have at most ${MAX_TAGS} tags.`);
  const { store, request, now } = context;

  const existing = store.findByName(request.region, name);
  if (existing) {
    if (existing.deleted_date !== null) throw invalidRequest(SCHEDULED_NAME);
    // A retried CreateSecret (same token, same value) answers as the first one did; the same token
    // with another value names the token and the secret.
    const retried = value ? store.getVersion(existing.id, token) : undefined;
    if (retried && value) {
      if (sameValue(retried, value)) return { ARN: existing.arn, Name: existing.name, VersionId: token };
      throw tokenInUse(token, existing.arn);
    }
    throw resourceExists(`The operation failed because the secret ${name} already exists.`);
  }

  const arn = secretArn(request.region, request.accountId, name, randomArnSuffix());
  const id = store.insertSecret({
    region: request.region,
    arn,
    name,
    description: text ?? null,
    kms_key_id: kmsKey || null,
    created_date: now,
    last_changed_date: now,
  });
  const secret = store.findById(id);
  if (!secret) throw new Error("inserted secret not found");
  for (const tag of tags) store.putTag(id, tag.key, tag.value);
  if (givenTags) store.markTagged(id);
  const versionId = value ? addVersion(context, secret, value, token, [AWSCURRENT]).versionId : undefined;
  if (replicaRegions.length > 0) replicateTo(context, secret, replicaRegions, forceOverwrite);
  return {
    ARN: arn,
    Name: name,
    ...(versionId ? { VersionId: versionId } : {}),
    ...(replicaRegions.length > 0 ? { ReplicationStatus: replicationStatus(context, secret) } : {}),
  };
};
