import { AwsError, invalidParameter, markedForDeletion, resourceNotFound } from "../core/errors";
import type { Operation } from "./context";
import { readSecretValueResponse } from "./get-secret-value";
import { pageSecrets } from "./list-secrets";
import { findSecret } from "./resolve-secret";
import { readFilters } from "./secret-filters";
import { checkSecretId, optionalInteger, optionalStringList } from "./validation";

export const LIST_OR_FILTERS = "Either 'SecretIdList' or 'Filters' must be provided, but not both.";
export const MAX_RESULTS_NEEDS_FILTERS =
  "'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.";

/**
 * BatchGetSecretValue: either SecretIdList (1-20 ids, each answered in SecretValues or reported in
 * Errors: not found, scheduled for deletion, no current value, an invalid name) or Filters (paged like
 * ListSecrets by CreatedDate, MaxResults 1-20, secrets scheduled for deletion skipped). Both, or
 * neither, is refused; so is MaxResults without Filters.
 */
export const batchGetSecretValue: Operation = (context, input) => {
  const ids = optionalStringList(input, "SecretIdList", { min: 1, max: 20 }, { min: 1, max: 2048 });
  const hasFilters = input.Filters !== undefined && input.Filters !== null;
  const filters = readFilters(input);
  const maxResults = optionalInteger(input, "MaxResults", { min: 1, max: 20 });
  if (ids && hasFilters) throw invalidParameter(LIST_OR_FILTERS);
  if (maxResults !== undefined && !hasFilters) throw invalidParameter(MAX_RESULTS_NEEDS_FILTERS);
  if (!ids && !hasFilters) throw invalidParameter(LIST_OR_FILTERS);

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
    for (const id of ids)
      attempt(id, () => {
        checkSecretId(id);
        const secret = findSecret(context, id);
        if (!secret) throw resourceNotFound();
        if (secret.deleted_date !== null) throw markedForDeletion();
        return readSecretValueResponse(context, secret, undefined, undefined);
      });
    return { SecretValues: values, Errors: errors };
  }

  const page = pageSecrets(context, input, {
    kind: "BatchGetSecretValue",
    filters,
    maxResults: maxResults ?? 20,
    includePlannedDeletion: false,
    order: "asc",
    sortBy: "created-date",
  });
  for (const secret of page.secrets)
    attempt(secret.arn, () => readSecretValueResponse(context, secret, undefined, undefined));
  return { SecretValues: values, Errors: errors, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
};
