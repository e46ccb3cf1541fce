import { batchGetSecretValue } from "./batch-get-secret-value";
import type { Operation } from "./context";
import { createSecret } from "./create-secret";
import { deleteSecret, restoreSecret } from "./delete-secret";
import { describeSecret } from "./describe-secret";
import { getRandomPassword } from "./get-random-password";
import { getSecretValue } from "./get-secret-value";
import { listSecretVersionIds } from "./list-secret-version-ids";
import { listSecrets } from "./list-secrets";
import { putSecretValue } from "./put-secret-value";
import {
  removeRegionsFromReplication,
  replicateSecretToRegions,
  stopReplicationToReplica,
} from "./replication";
import {
  deleteResourcePolicy,
  getResourcePolicy,
  putResourcePolicy,
  validateResourcePolicy,
} from "./resource-policy";
import { cancelRotateSecret, rotateSecret } from "./rotate-secret";
import { tagResource, untagResource } from "./tag-resource";
import { updateSecret } from "./update-secret";
import { updateSecretVersionStage } from "./update-secret-version-stage";

/** Every operation this endpoint answers, by its AWS name (the X-Amz-Target suffix). */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  CreateSecret: createSecret,
  DescribeSecret: describeSecret,
  GetSecretValue: getSecretValue,
  PutSecretValue: putSecretValue,
  UpdateSecret: updateSecret,
  UpdateSecretVersionStage: updateSecretVersionStage,
  ListSecrets: listSecrets,
  ListSecretVersionIds: listSecretVersionIds,
  DeleteSecret: deleteSecret,
  RestoreSecret: restoreSecret,
  BatchGetSecretValue: batchGetSecretValue,
  RotateSecret: rotateSecret,
  CancelRotateSecret: cancelRotateSecret,
  GetRandomPassword: getRandomPassword,
  TagResource: tagResource,
  UntagResource: untagResource,
  GetResourcePolicy: getResourcePolicy,
  PutResourcePolicy: putResourcePolicy,
  DeleteResourcePolicy: deleteResourcePolicy,
  ValidateResourcePolicy: validateResourcePolicy,
  ReplicateSecretToRegions: replicateSecretToRegions,
  RemoveRegionsFromReplication: removeRegionsFromReplication,
  StopReplicationToReplica: stopReplicationToReplica,
};
