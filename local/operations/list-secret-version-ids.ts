import type { Operation } from "./context";
import { decodeToken, encodeToken } from "./paging";
import { dataOf, resolveSecret } from "./resolve-secret";
import { compact } from "./secret-view";
import { MAX_RESULTS, optionalBoolean, optionalInteger, secretId } from "./validation";

const isOffset = (value: unknown): value is { offset: number } =>
  typeof value === "object" &&
  value !== null &&
  Number.isInteger((value as { offset: unknown }).offset) &&
  (value as { offset: number }).offset >= 0;

/** ListSecretVersionIds, newest first; unlabelled (deprecated) versions only with IncludeDeprecated. */
export const listSecretVersionIds: Operation = (context, input) => {
  const secret = resolveSecret(context, secretId(input));
  const maxResults = optionalInteger(input, "MaxResults", MAX_RESULTS) ?? 100;
  const includeDeprecated = optionalBoolean(input, "IncludeDeprecated") ?? false;
  const start = decodeToken(input, "ListSecretVersionIds", isOffset)?.offset ?? 0;
  const data = dataOf(context, secret);
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
      }),
    ),
    NextToken: next === undefined ? undefined : encodeToken("ListSecretVersionIds", { offset: next }),
    ARN: secret.arn,
    Name: secret.name,
  });
};
