import { invalidRequest, markedForDeletion, resourceNotFound } from "../core/errors";
import type { SecretRow } from "../store/rows";
import type { OperationContext } from "./context";

const ARN_PATTERN = /^arn:aws[a-z-]*:secretsmanager:[^:]*:[^:]*:secret:(.+)$/;

/**
 * SecretId is a name, a full ARN or a partial ARN (the ARN without "-" and the 6 random characters).
 * A full ARN is tried exactly first, so a name that itself ends in "-abcdef" still resolves by its
 * partial ARN, and a partial ARN must match the stored ARN minus its suffix (not just by name).
 */
export function findSecret(context: OperationContext, secretId: string): SecretRow | undefined {
  const { store, request } = context;
  const arnMatch = ARN_PATTERN.exec(secretId);
  if (!arnMatch) return store.findByName(request.region, secretId);
  const exact = store.findByArn(request.region, secretId);
  if (exact) return exact;
  const byName = store.findByName(request.region, arnMatch[1] as string);
  if (byName && byName.arn.slice(0, -7) === secretId) return byName;
  return undefined;
}

export function resolveSecret(context: OperationContext, secretId: string): SecretRow {
  const secret = findSecret(context, secretId);
  if (!secret) throw resourceNotFound();
  return secret;
}

/** A secret that is not scheduled for deletion. */
export function resolveLiveSecret(context: OperationContext, secretId: string): SecretRow {
  const secret = resolveSecret(context, secretId);
  if (secret.deleted_date !== null) throw markedForDeletion();
  return secret;
}

export const REPLICA_READ_ONLY =
  "Operation is not permitted on a replica secret. Call must be made in primary secret's region.";

/** A live primary secret: replicas are read-only, written only through their primary. */
export function resolveWritableSecret(context: OperationContext, secretId: string): SecretRow {
  const secret = resolveLiveSecret(context, secretId);
  if (secret.primary_id !== null) throw invalidRequest(REPLICA_READ_ONLY);
  return secret;
}

/** The row holding versions, tags, description and rotation: a replica reads its primary's. */
export function dataOf(context: OperationContext, secret: SecretRow): SecretRow {
  if (secret.primary_id === null) return secret;
  return context.store.findById(secret.primary_id) ?? secret;
}
