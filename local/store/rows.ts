import type { EpochSeconds } from "../core/types";

/** A secret as stored: one row per region; a replica row points at its primary with `primary_id`. */
export interface SecretRow {
  id: number;
  region: string;
  arn: string;
  name: string;
  description: string | null;
  kms_key_id: string | null;
  owning_service: string | null;
  created_date: EpochSeconds;
  last_changed_date: EpochSeconds;
  last_accessed_date: EpochSeconds | null;
  /** When DeleteSecret scheduled the deletion (AWS's DeletedDate). */
  deleted_date: EpochSeconds | null;
  /** When the scheduled deletion becomes final (AWS's DeletionDate). */
  deletion_date: EpochSeconds | null;
  rotation_enabled: 0 | 1;
  rotation_lambda_arn: string | null;
  /** RotationRules as AWS's JSON object. */
  rotation_rules: string | null;
  last_rotated_date: EpochSeconds | null;
  next_rotation_date: EpochSeconds | null;
  /** The ClientRequestToken of the rotation the shell is running now, if any. */
  rotation_token: string | null;
  resource_policy: string | null;
  primary_id: number | null;
  replica_status: string | null;
  replica_status_message: string | null;
  replica_kms_key_id: string | null;
  /** The staging labels as stored (labels.ts); read them through the store, which decodes them. */
  labels: string;
  /** The `seq` of the newest version ever made (0 before the first): the next one gets one more. */
  version_seq: number;
}

/** What `updateSecret` may change: labels and the version count are written by their own methods. */
export type SecretPatch = Partial<Omit<SecretRow, "id" | "labels" | "version_seq">>;

export interface VersionRow {
  secret_id: number;
  version_id: string;
  seq: number;
  secret_string: string | null;
  secret_binary: Buffer | null;
  created_date: EpochSeconds;
  last_accessed_date: EpochSeconds | null;
}

export interface TagRow {
  key: string;
  value: string;
}

/** A replica that could not be made in `region` (shown as Failed in the primary's ReplicationStatus). */
export interface ReplicaFailureRow {
  region: string;
  kms_key_id: string | null;
  message: string;
}
