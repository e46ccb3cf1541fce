import { invalidParameter, invalidRequest } from "../core/errors";
import { type Operation, SECONDS_PER_DAY } from "./context";
import { REPLICA_READ_ONLY, resolveSecret } from "./resolve-secret";
import { optionalBoolean, optionalInteger, secretId } from "./validation";

export const FORCE_WITH_WINDOW =
  "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.";
export const WINDOW_RANGE = "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).";

/**
 * DeleteSecret. Chosen where AWS does not say: deleting a secret already scheduled for deletion answers
 * the DeletionDate already set (idempotent) unless ForceDeleteWithoutRecovery is true, which removes it
 * now. A primary with replicas is refused until RemoveRegionsFromReplication; a replica is read-only.
 */
export const deleteSecret: Operation = (context, input) => {
  const secret = resolveSecret(context, secretId(input));
  const windowDays = optionalInteger(input, "RecoveryWindowInDays");
  const force = optionalBoolean(input, "ForceDeleteWithoutRecovery") ?? false;
  if (force && windowDays !== undefined) throw invalidParameter(FORCE_WITH_WINDOW);
  if (windowDays !== undefined && (windowDays < 7 || windowDays > 30)) throw invalidParameter(WINDOW_RANGE);
  if (secret.primary_id !== null) throw invalidRequest(REPLICA_READ_ONLY);
  const { store, now } = context;
  if (store.replicasOf(secret.id).length > 0)
    throw invalidRequest(
      `You can't delete secret ${secret.name} because it's replicated to other Regions. Remove the replicas first with RemoveRegionsFromReplication.`,
    );

  if (force) {
    store.deleteSecret(secret.id);
    return { ARN: secret.arn, Name: secret.name, DeletionDate: now };
  }
  if (secret.deletion_date !== null)
    return { ARN: secret.arn, Name: secret.name, DeletionDate: secret.deletion_date };
  const deletionDate = now + (windowDays ?? 30) * SECONDS_PER_DAY;
  store.updateSecret(secret.id, { deleted_date: now, deletion_date: deletionDate });
  return { ARN: secret.arn, Name: secret.name, DeletionDate: deletionDate };
};

/** RestoreSecret: clears the scheduled deletion (a secret not scheduled is answered unchanged). */
export const restoreSecret: Operation = (context, input) => {
  const secret = resolveSecret(context, secretId(input));
  if (secret.deleted_date !== null)
    context.store.updateSecret(secret.id, {
      deleted_date: null,
      deletion_date: null,
      last_changed_date: context.now,
    });
  return { ARN: secret.arn, Name: secret.name };
};
