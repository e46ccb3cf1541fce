import { invalidParameter, invalidRequest } from "../core/errors";
import type { SecretRow } from "../store/rows";
import { arnInRegion } from "./arn";
import type { Operation, OperationContext } from "./context";
import { resolveLiveSecret, resolveWritableSecret } from "./resolve-secret";
import { replicationStatus } from "./secret-view";
import {
  type Input,
  objectItem,
  optionalBoolean,
  optionalList,
  optionalString,
  optionalStringList,
  secretId,
} from "./validation";

/**
 * Replication, kept simple and synchronous: a replica is a row in the other region with the same name
 * and ARN suffix that points at its primary, so it always shows the primary's current versions, tags
 * and description (status "InSync"). Replicas are read-only: every write names the primary. A Region
 * where the name is already taken gets no replica: as on AWS the request succeeds and the primary's
 * ReplicationStatus shows that Region as "Failed" (unless ForceOverwriteReplicaSecret replaces the
 * secret there).
 */
const REGION_RULE = { min: 1, max: 128, pattern: /^([a-z]+-)+\d+$/ };

/** AWS's answer for the secret's own Region as a replica, and (our choice) for removing a non-replica. */
export const INVALID_REPLICA_REGION = "Invalid replica region.";

export const nameTakenMessage = (name: string, region: string) =>
  `Replication failed: Secret name ${name} already exists in region ${region}.`;

export interface ReplicaRegion {
  region: string;
  kmsKeyId: string | undefined;
}

export function readReplicaRegions(input: Input, field: string): ReplicaRegion[] {
  const list = optionalList(input, field, { min: 1 }) ?? [];
  const regions = list.map((entry) => {
    const item = objectItem(field, entry);
    const region = optionalString(item, "Region", REGION_RULE);
    if (region === undefined) throw invalidParameter("You must specify a Region for each replica.");
    return { region, kmsKeyId: optionalString(item, "KmsKeyId", { max: 2048 }) };
  });
  if (new Set(regions.map((r) => r.region)).size !== regions.length)
    throw invalidParameter("You can't specify a Region more than once.");
  return regions;
}

/** Makes (or updates) the replicas of `primary`; every Region is checked before anything is made. */
export function replicateTo(
  context: OperationContext,
  primary: SecretRow,
  regions: ReplicaRegion[],
  forceOverwrite: boolean,
): void {
  const { store, now } = context;
  if (regions.some(({ region }) => region === primary.region)) throw invalidParameter(INVALID_REPLICA_REGION);
  for (const { region, kmsKeyId } of regions) {
    const existing = store.findByName(region, primary.name);
    if (existing?.primary_id === primary.id) {
      store.updateSecret(existing.id, { replica_kms_key_id: kmsKeyId ?? null });
      continue;
    }
    if (existing && !forceOverwrite) {
      store.putReplicaFailure(primary.id, {
        region,
        kms_key_id: kmsKeyId ?? null,
        message: nameTakenMessage(primary.name, region),
      });
      continue;
    }
    if (existing) {
      if (store.replicasOf(existing.id).length > 0)
        throw invalidRequest(`The secret ${primary.name} in Region ${region} is itself replicated.`);
      store.deleteSecret(existing.id);
    }
    store.removeReplicaFailure(primary.id, region);
    store.insertSecret({
      region,
      arn: arnInRegion(primary.arn, region),
      name: primary.name,
      created_date: now,
      last_changed_date: now,
      primary_id: primary.id,
      replica_status: "InSync",
      replica_status_message: "Replication succeeded",
      replica_kms_key_id: kmsKeyId ?? null,
    });
  }
  store.updateSecret(primary.id, { last_changed_date: now });
}

export const replicateSecretToRegions: Operation = (context, input) => {
  const id = secretId(input);
  const regions = readReplicaRegions(input, "AddReplicaRegions");
  if (regions.length === 0)
    throw invalidParameter("You must specify at least one Region in AddReplicaRegions.");
  const forceOverwrite = optionalBoolean(input, "ForceOverwriteReplicaSecret") ?? false;
  const primary = resolveWritableSecret(context, id);
  replicateTo(context, primary, regions, forceOverwrite);
  return { ARN: primary.arn, ReplicationStatus: replicationStatus(context, primary) ?? [] };
};

/** Removes replicas (and Failed entries); a Region holding neither is refused and nothing is removed. */
export const removeRegionsFromReplication: Operation = (context, input) => {
  const id = secretId(input);
  const regions = optionalStringList(input, "RemoveReplicaRegions", { min: 1 }, REGION_RULE);
  if (!regions) throw invalidParameter("You must specify RemoveReplicaRegions.");
  const primary = resolveWritableSecret(context, id);
  const { store } = context;
  const replicas = store.replicasOf(primary.id);
  for (const region of regions) {
    const replica = replicas.find((candidate) => candidate.region === region);
    const hadFailure = store.removeReplicaFailure(primary.id, region);
    if (replica) store.deleteSecret(replica.id);
    else if (!hadFailure) throw invalidParameter(INVALID_REPLICA_REGION);
  }
  store.updateSecret(primary.id, { last_changed_date: context.now });
  return { ARN: primary.arn, ReplicationStatus: replicationStatus(context, primary) ?? [] };
};

/** Called in the replica's Region: the replica becomes a standalone secret with a copy of the data. */
export const stopReplicationToReplica: Operation = (context, input) => {
  const replica = resolveLiveSecret(context, secretId(input));
  if (replica.primary_id === null) throw invalidRequest("The secret isn't a replica secret.");
  const { store, now } = context;
  const primary = store.findById(replica.primary_id);
  if (primary) {
    store.copyContents(primary.id, replica.id);
    store.updateSecret(replica.id, {
      description: primary.description,
      kms_key_id: replica.replica_kms_key_id,
      resource_policy: primary.resource_policy,
    });
  }
  store.updateSecret(replica.id, {
    primary_id: null,
    replica_status: null,
    replica_status_message: null,
    replica_kms_key_id: null,
    last_changed_date: now,
  });
  return { ARN: replica.arn };
};
