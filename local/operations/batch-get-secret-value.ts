import { AwsError, invalidParameter, markedForDeletion, resourceNotFound } from "../core/errors";
import type { Operation } from "./context";
import { readSecretValueResponse } from "./get-secret-value";
import { pageSecrets } from "./list-secrets";
import { findSecret } from "./resolve-secret";
import { readFilters } from "./secret-filters";
import { optionalInteger, optionalStringList } from "./validation";

/**
 * BatchGetSecretValue: either SecretIdList (up to 20, each answered or reported in Errors) or Filters
 * (paged like ListSecrets, MaxResults 1-20, secrets scheduled for deletion skipped). Never both.
 */
export const batchGetSecretValue: Operation = (context, input) => {
  const ids = optionalStringList(input, "SecretIdList", { min: 1, max: 20 }, { min: 1, max: 2048 });
  const hasFilters = input.Filters !== undefined && input.Filters !== null;
  const maxResults = optionalInteger(input, "MaxResults", { min: 1, max: 20 });
  if (ids && hasFilters)
    throw invalidParameter("Either SecretIdList or Filters must be specified, but not both.");
  if (!ids && !hasFilters) throw invalidParameter("You must specify either SecretIdList or Filters.");

  const values: unknown[] = [];
  const errors: { SecretId: string; ErrorCode: string; Message: string }[] = [];
  const attempt = (id: string, read: () => unknown) => {
    try {
      values.push(read());
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      errors.push({ SecretId: id, ErrorCode: error.code, Message: error.message });
    }
  };

  if (ids) {
    if (maxResults !== undefined) throw invalidParameter("MaxResults can be used only with Filters.");
    for (const id of ids)
      attempt(id, () => {
        const secret = findSecret(context, id);
        if (!secret) throw resourceNotFound();
        if (secret.deleted_date !== null) throw markedForDeletion();
        return readSecretValueResponse(context, secret, undefined, undefined);
      });
    return { SecretValues: values, Errors: errors };
  }

  const page = pageSecrets(
    context,
    input,
    "BatchGetSecretValue",
    readFilters(input),
    maxResults ?? 20,
    false,
  );
  for (const secret of page.secrets)
    attempt(secret.arn, () => readSecretValueResponse(context, secret, undefined, undefined));
  return { SecretValues: values, Errors: errors, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
};
