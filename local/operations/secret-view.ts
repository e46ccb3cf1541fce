import type { SecretRow } from "../store/rows";
import type { OperationContext } from "./context";
import { dataOf } from "./resolve-secret";
import { tagsToWire } from "./tags-input";

/** Drops undefined/null members, as AWS omits absent fields rather than sending null. */
export function compact<T extends Record<string, unknown>>(record: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record))
    if (value !== undefined && value !== null) out[key] = value;
  return out as Partial<T>;
}

/** The labelled versions and their labels; absent (not `{}`) when there are none, as AWS answers. */
function versionsToStages(context: OperationContext, secretId: number) {
  const stages = context.store.stagesByVersion(secretId);
  return stages.size === 0 ? undefined : Object.fromEntries(stages);
}

/** The replicas (InSync) and the Regions where none could be made (Failed); undefined when neither. */
export function replicationStatus(context: OperationContext, primary: SecretRow) {
  const replicas = context.store.replicasOf(primary.id).map((replica) =>
    compact({
      Region: replica.region,
      KmsKeyId: replica.replica_kms_key_id,
      Status: replica.replica_status ?? "InSync",
      StatusMessage: replica.replica_status_message,
      LastAccessedDate: replica.last_accessed_date,
    }),
  );
  const failed = context.store.replicaFailures(primary.id).map((failure) =>
    compact({
      Region: failure.region,
      KmsKeyId: failure.kms_key_id,
      Status: "Failed",
      StatusMessage: failure.message,
    }),
  );
  const all = [...replicas, ...failed].sort((a, b) => String(a.Region).localeCompare(String(b.Region)));
  return all.length === 0 ? undefined : all;
}

/**
 * LastChangedDate: the last change to the secret's metadata or labels (`last_changed_date`) or its newest
 * version, whichever is later. A put does not write the secret's row for it: its new version dates it.
 */
export function lastChangedDate(context: OperationContext, data: SecretRow): number {
  const newestVersion = context.store.newestVersionDate(data.id) ?? 0;
  return Math.max(data.last_changed_date, newestVersion);
}

/**
 * The metadata DescribeSecret and ListSecrets share (ListSecrets names the stages map differently).
 * Present or absent as AWS answers them: RotationEnabled only once rotation was ever configured (a
 * RotateSecret stored a Lambda), Description only when not empty, Tags once they were ever set (`[]`
 * after the last one is removed), NextRotationDate only while rotation is on.
 */
function metadata(context: OperationContext, secret: SecretRow) {
  const data = dataOf(context, secret);
  const tags = context.store.listTags(data.id);
  const rules = data.rotation_rules === null ? undefined : (JSON.parse(data.rotation_rules) as object);
  const primaryRegion =
    secret.primary_id === null
      ? context.store.replicasOf(secret.id).length > 0
        ? secret.region
        : undefined
      : data.region;
  const rotationConfigured = data.rotation_lambda_arn !== null;
  return {
    ARN: secret.arn,
    Name: secret.name,
    Description: data.description || undefined,
    KmsKeyId: secret.primary_id === null ? data.kms_key_id : secret.replica_kms_key_id,
    RotationEnabled: rotationConfigured ? data.rotation_enabled === 1 : undefined,
    RotationLambdaARN: data.rotation_lambda_arn,
    RotationRules: rules,
    LastRotatedDate: data.last_rotated_date,
    LastChangedDate: lastChangedDate(context, data),
    LastAccessedDate: secret.last_accessed_date,
    DeletedDate: secret.deleted_date,
    NextRotationDate: data.rotation_enabled === 1 ? data.next_rotation_date : undefined,
    Tags: tags.length > 0 || context.store.isTagged(data.id) ? tagsToWire(tags) : undefined,
    OwningService: data.owning_service,
    CreatedDate: secret.created_date,
    PrimaryRegion: primaryRegion,
    data,
  };
}

export function describeSecretView(context: OperationContext, secret: SecretRow) {
  const { data, ...fields } = metadata(context, secret);
  return compact({
    ...fields,
    VersionIdsToStages: versionsToStages(context, data.id),
    ReplicationStatus: secret.primary_id === null ? replicationStatus(context, secret) : undefined,
  });
}

export function listEntryView(context: OperationContext, secret: SecretRow) {
  const { data, ...fields } = metadata(context, secret);
  return compact({ ...fields, SecretVersionsToStages: versionsToStages(context, data.id) });
}
