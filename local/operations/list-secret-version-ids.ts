import type { Operation } from "./context";
import { decodeToken, encodeToken, isOffset } from "./paging";
import { dataOf, resolveLiveSecret } from "./resolve-secret";
import { compact } from "./secret-view";
import { MAX_RESULTS, optionalBoolean, optionalInteger, secretId } from "./validation";

/** What AWS answers in KmsKeyIds for a version encrypted with the default key (aws/secretsmanager). */
export const DEFAULT_KEY_ID = "DefaultEncryptionKey";

/**
 * ListSecretVersionIds, newest first; unlabelled (deprecated) versions only with IncludeDeprecated. Each
 * version carries KmsKeyIds: the secret's KmsKeyId, or "DefaultEncryptionKey" for the default key (the
 * endpoint keeps one key per secret, not per version). Refused for a secret scheduled for deletion.
 */
export const listSecretVersionIds: Operation = (context, input) => {
  const id = secretId(input);
  const maxResults = optionalInteger(input, "MaxResults", MAX_RESULTS) ?? 100;
  const includeDeprecated = optionalBoolean(input, "IncludeDeprecated") ?? false;
  const start = decodeToken(input, "ListSecretVersionIds", isOffset)?.offset ?? 0;
  const secret = resolveLiveSecret(context, id);
  const data = dataOf(context, secret);
  const keyId = (secret.primary_id === null ? data.kms_key_id : secret.replica_kms_key_id) ?? DEFAULT_KEY_ID;
  const stages = context.store.stagesByVersion(data.id);
  const versions = context.store
    .listVersions(data.id)
    .filter((version) => includeDeprecated || stages.has(version.version_id));
  const page = versions.slice(start, start + maxResults);
  const next = start + maxResults < versions.length ? start + maxResults : undefined;
  return compact({
    Versions: page.map((version) =>
      compact({
        VersionId: version.version_id,
        VersionStages: stages.get(version.version_id),
        LastAccessedDate: version.last_accessed_date,
        CreatedDate: version.created_date,
        KmsKeyIds: [keyId],
      }),
    ),
    NextToken: next === undefined ? undefined : encodeToken("ListSecretVersionIds", { offset: next }),
    ARN: secret.arn,
    Name: secret.name,
  });
};
