import {
  DescribeSecretCommand,
  type DescribeSecretCommandOutput,
  type Filter,
  ListSecretsCommand,
  type ListSecretsCommandOutput,
  ListSecretVersionIdsCommand,
  type ListSecretVersionIdsCommandOutput,
  type SecretListEntry,
  type SecretVersionsListEntry,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
  type UpdateSecretCommandOutput,
} from "@aws-sdk/client-secrets-manager";
import { type CallOptions, send } from "./call.js";
import { toSdkTags } from "./lifecycle.js";
import type { SecretRef, Tags } from "./types.js";

/** Metadata of one secret, never its value: the SDK's DescribeSecret answer without transport fields. */
export type SecretDescription = Omit<DescribeSecretCommandOutput, "$metadata">;

/**
 * @example
 * const { VersionIdsToStages } = await describeSecret("app/db");
 */
export async function describeSecret(secretId: string, options?: CallOptions): Promise<SecretDescription> {
  const { $metadata, ...description } = await send<DescribeSecretCommandOutput>(
    new DescribeSecretCommand({ SecretId: secretId }),
    options,
  );
  return description;
}

export interface ListSecretsInput {
  maxResults?: number;
  nextToken?: string;
  namePrefix?: string;
  tagKey?: string;
  tagValue?: string;
  includePlannedDeletion?: boolean;
  sortOrder?: "asc" | "desc";
}

export interface SecretsPage {
  secrets: SecretListEntry[];
  nextToken?: string;
}

function listFilters(input: ListSecretsInput): Filter[] | undefined {
  const filters: Filter[] = [];
  if (input.namePrefix) filters.push({ Key: "name", Values: [input.namePrefix] });
  if (input.tagKey) filters.push({ Key: "tag-key", Values: [input.tagKey] });
  if (input.tagValue) filters.push({ Key: "tag-value", Values: [input.tagValue] });
  return filters.length > 0 ? filters : undefined;
}

/**
 * One page of secrets' metadata (never values).
 *
 * @example
 * const { secrets, nextToken } = await listSecrets({ namePrefix: "app/", maxResults: 100 });
 */
export async function listSecrets(input: ListSecretsInput = {}, options?: CallOptions): Promise<SecretsPage> {
  const output = await send<ListSecretsCommandOutput>(
    new ListSecretsCommand({
      MaxResults: input.maxResults,
      NextToken: input.nextToken,
      Filters: listFilters(input),
      IncludePlannedDeletion: input.includePlannedDeletion,
      SortOrder: input.sortOrder,
    }),
    options,
  );
  return { secrets: output.SecretList ?? [], nextToken: output.NextToken };
}

export interface VersionsPage {
  versions: SecretVersionsListEntry[];
  nextToken?: string;
}

/** One page of the secret's versions: ids, stages and dates, never values. */
export async function listSecretVersions(
  secretId: string,
  input: { maxResults?: number; nextToken?: string; includeDeprecated?: boolean } = {},
  options?: CallOptions,
): Promise<VersionsPage> {
  const output = await send<ListSecretVersionIdsCommandOutput>(
    new ListSecretVersionIdsCommand({
      SecretId: secretId,
      MaxResults: input.maxResults,
      NextToken: input.nextToken,
      IncludeDeprecated: input.includeDeprecated,
    }),
    options,
  );
  return { versions: output.Versions ?? [], nextToken: output.NextToken };
}

export interface UpdateSecretInput {
  description?: string;
  kmsKeyId?: string;
  addTags?: Tags;
  removeTagKeys?: string[];
}

/**
 * Changes a secret's metadata (description, KMS key, tags); the value is left alone.
 *
 * @example
 * await updateSecret("app/db", { description: "설명 수정하기" });
 */
export async function updateSecret(
  secretId: string,
  input: UpdateSecretInput,
  options?: CallOptions,
): Promise<SecretRef> {
  let ref: SecretRef | undefined;
  if (input.description !== undefined || input.kmsKeyId !== undefined) {
    const output = await send<UpdateSecretCommandOutput>(
      new UpdateSecretCommand({
        SecretId: secretId,
        Description: input.description,
        KmsKeyId: input.kmsKeyId,
      }),
      options,
    );
    ref = { arn: output.ARN ?? "", name: output.Name ?? "" };
  }
  if (input.removeTagKeys && input.removeTagKeys.length > 0) {
    await send(new UntagResourceCommand({ SecretId: secretId, TagKeys: input.removeTagKeys }), options);
  }
  if (input.addTags && Object.keys(input.addTags).length > 0) {
    await send(new TagResourceCommand({ SecretId: secretId, Tags: toSdkTags(input.addTags) }), options);
  }
  if (ref) return ref;
  const description = await describeSecret(secretId, options);
  return { arn: description.ARN ?? "", name: description.Name ?? "" };
}
