import { invalidParameter, invalidRequest, resourceNotFound } from "../core/errors";
import { randomArnSuffix, secretArn } from "./arn";
import { type Operation, SECONDS_PER_DAY } from "./context";
import { findSecret, resolveSecret } from "./resolve-secret";
import { optionalBoolean, optionalInteger, secretId } from "./validation";

export const FORCE_WITH_WINDOW =
  "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.";
export const WINDOW_RANGE = "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).";
export const ALREADY_DELETED =
  "You tried to perform the operation on a secret that's currently marked deleted.";

const ARN_NAME = /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:(.+)$/;

/**
 * DeleteSecret, as AWS answers it: the parameters are checked first; ForceDeleteWithoutRecovery on a
 * secret that does not exist answers 200 as if it existed (AWS documents it: "the operation does not
 * return ResourceNotFoundException"); deleting a secret already scheduled for deletion is refused unless
 * forced (forcing removes it now); a replica is removed at once (AWS: "When you delete a replica, it is
 * deleted immediately"); a primary that still has replicas is refused.
 */
export const deleteSecret: Operation = (context, input) => {
  const id = secretId(input);
  const windowDays = optionalInteger(input, "RecoveryWindowInDays");
  const force = optionalBoolean(input, "ForceDeleteWithoutRecovery") ?? false;
  if (windowDays !== undefined && (windowDays < 7 || windowDays > 30)) throw invalidParameter(WINDOW_RANGE);
  if (force && windowDays !== undefined) throw invalidParameter(FORCE_WITH_WINDOW);
  const { store, now, request } = context;
  const secret = findSecret(context, id);
  if (!secret) {
    if (!force) throw resourceNotFound();
    const name = ARN_NAME.exec(id)?.[1] ?? id;
    const arn = id.startsWith("arn:")
      ? id
      : secretArn(request.region, request.accountId, name, randomArnSuffix());
    return { ARN: arn, Name: name, DeletionDate: now };
  }
  if (secret.primary_id !== null) {
    store.deleteSecret(secret.id);
    return { ARN: secret.arn, Name: secret.name, DeletionDate: now };
  }
  const replicas = store.replicasOf(secret.id);
  if (replicas.length > 0)
    throw invalidParameter(
      `You can't delete secret ${secret.name} that still has replica regions [${replicas.map((r) => r.region).join(",")}]`,
    );
  if (force) {
    store.deleteSecret(secret.id);
    return { ARN: secret.arn, Name: secret.name, DeletionDate: now };
  }
  if (secret.deleted_date !== null) throw invalidRequest(ALREADY_DELETED);
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
