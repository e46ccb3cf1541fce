/**
 * The operations the local endpoint speaks, spelled out here rather than read from its registry, so that a
 * test can hold the registry to this list and fuzz tests can aim at real targets.
 */
export const ENDPOINT_OPERATIONS = [
  "CreateSecret",
  "DescribeSecret",
  "GetSecretValue",
  "BatchGetSecretValue",
  "PutSecretValue",
  "UpdateSecret",
  "UpdateSecretVersionStage",
  "ListSecrets",
  "ListSecretVersionIds",
  "DeleteSecret",
  "RestoreSecret",
  "RotateSecret",
  "CancelRotateSecret",
  "GetRandomPassword",
  "TagResource",
  "UntagResource",
  "GetResourcePolicy",
  "PutResourcePolicy",
  "DeleteResourcePolicy",
  "ValidateResourcePolicy",
  "ReplicateSecretToRegions",
  "RemoveRegionsFromReplication",
  "StopReplicationToReplica",
] as const;
