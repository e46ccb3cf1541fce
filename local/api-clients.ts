/**
 * API clients as Secrets Manager holds them: one secret per client, `<API_CLIENTS_SECRET_PREFIX><name>`,
 * whose value is `{"token", "scopes", "disabled"}` (shared/access/client-record). The operations behind
 * `npm run clients` and `npm run rotate-token`; they take an SDK client, so the same code runs against the
 * local endpoint and a real account.
 */
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  type DescribeSecretCommandOutput,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { newToken, secretIdOfClient } from "../shared/access/api-token";
import { type ClientRecord, clientRecordText, parseClientRecord } from "../shared/access/client-record";
import { apiClientsSecretPrefix } from "../shared/access/config";
import { ADMIN_CLIENT_ID, isAssignableClientId } from "../shared/access/principal";
import { formatScope, parseScopes } from "../shared/access/scopes";

/** What `list` and `show` tell of a client: never its token. */
export interface ClientSummary {
  name: string;
  scopes: string[];
  disabled: boolean;
  rotationEnabled: boolean;
  rotationLambdaArn?: string;
  lastRotatedDate?: Date;
  nextRotationDate?: Date;
}

export interface ClientsOptions {
  client: SecretsManagerClient;
  /** The API's `SECRETS_PREFIX`, which every scope must lie inside (env, else `app/`). */
  secretsPrefix?: string;
}

/** A refusal the CLI prints as it is (no stack). */
export class ClientsCommandError extends Error {
  override readonly name = "ClientsCommandError";
}

const prefixOf = (options: ClientsOptions) => options.secretsPrefix ?? process.env.SECRETS_PREFIX ?? "app/";

function assertName(name: string): void {
  if (!isAssignableClientId(name)) {
    throw new ClientsCommandError(
      `a client name is 1-64 lower-case letters, digits and -, starting with a letter or digit, and not ${ADMIN_CLIENT_ID} or anonymous`,
    );
  }
}

/**
 * Creates the client's secret with a new token and its scopes; with `rotationLambdaArn`, turns on its
 * rotation (every `rotateEveryDays`) without rotating now, so the token returned stays valid.
 *
 * @example
 * const { token } = await addClient(options, "team-a", ["read:app/team-a/"], { rotationLambdaArn });
 */
export async function addClient(
  options: ClientsOptions,
  name: string,
  scopeTexts: string[],
  rotation: { rotationLambdaArn?: string; rotateEveryDays?: number } = {},
): Promise<{ token: string; rotationEnabled: boolean }> {
  assertName(name);
  const scopes = parseScopes(scopeTexts, prefixOf(options));
  const token = await newToken(name, { client: options.client });
  await options.client.send(
    new CreateSecretCommand({
      Name: secretIdOfClient(name),
      Description: `API client ${name} of the secrets HTTP API`,
      SecretString: clientRecordText({ token, scopes, disabled: false }),
    }),
  );
  if (!rotation.rotationLambdaArn) return { token, rotationEnabled: false };
  await options.client.send(
    new RotateSecretCommand({
      SecretId: secretIdOfClient(name),
      RotationLambdaARN: rotation.rotationLambdaArn,
      RotationRules: { AutomaticallyAfterDays: rotation.rotateEveryDays ?? 30 },
      RotateImmediately: false,
    }),
  );
  return { token, rotationEnabled: true };
}

/** Every client, by name, with its scopes and state. */
export async function listClients(options: ClientsOptions): Promise<ClientSummary[]> {
  const prefix = apiClientsSecretPrefix();
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await options.client.send(
      new ListSecretsCommand({
        Filters: [{ Key: "name", Values: [prefix] }],
        NextToken: nextToken,
        MaxResults: 100,
      }),
    );
    for (const entry of page.SecretList ?? []) {
      // The name filter ignores case and matches words: keep exactly the clients' names.
      const name = (entry.Name ?? "").startsWith(prefix) ? (entry.Name ?? "").slice(prefix.length) : "";
      if (isAssignableClientId(name)) names.push(name);
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return Promise.all(names.sort().map((name) => showClient(options, name)));
}

/** One client's scopes and state. */
export async function showClient(options: ClientsOptions, name: string): Promise<ClientSummary> {
  assertName(name);
  const [record, description] = await Promise.all([readRecord(options, name), describe(options, name)]);
  return {
    name,
    scopes: record.scopes.map(formatScope),
    disabled: record.disabled,
    rotationEnabled: description.RotationEnabled === true,
    ...(description.RotationLambdaARN ? { rotationLambdaArn: description.RotationLambdaARN } : {}),
    ...(description.LastRotatedDate ? { lastRotatedDate: description.LastRotatedDate } : {}),
    ...(description.NextRotationDate ? { nextRotationDate: description.NextRotationDate } : {}),
  };
}

/**
 * Disables or enables the client: a new AWSCURRENT version with the same token and scopes. A disabled
 * client's every token is refused within the authorizer's cache time (`API_TOKEN_CACHE_SECONDS`).
 */
export async function setClientDisabled(
  options: ClientsOptions,
  name: string,
  disabled: boolean,
): Promise<void> {
  const record = await readRecord(options, name);
  await putRecord(options, name, { ...record, disabled });
}

/** Replaces the client's scopes (a new version; its tokens stay). */
export async function setClientScopes(
  options: ClientsOptions,
  name: string,
  scopeTexts: string[],
): Promise<void> {
  const record = await readRecord(options, name);
  await putRecord(options, name, { ...record, scopes: parseScopes(scopeTexts, prefixOf(options)) });
}

/** Removes the client's secret at once (no recovery window): its tokens are refused from then on. */
export async function removeClient(options: ClientsOptions, name: string): Promise<void> {
  assertName(name);
  await options.client.send(
    new DeleteSecretCommand({ SecretId: secretIdOfClient(name), ForceDeleteWithoutRecovery: true }),
  );
}

/**
 * Replaces the client's token at once with a put: no grace, the old tokens are refused within the
 * authorizer's cache time. For a leaked token; `rotateClient` is the scheduled way.
 */
export async function revokeClientToken(options: ClientsOptions, name: string): Promise<string> {
  const record = await readRecord(options, name);
  const token = await newToken(name, { client: options.client });
  await putRecord(options, name, { ...record, token });
  return token;
}

/**
 * Takes AWSPENDING off an older version after a put: left there, a running rotation could still finish
 * onto it, and Secrets Manager would refuse the next rotation ("a previous rotation isn't complete"). The
 * authorizer never accepts it anyway.
 */
async function dropLeftoverPending(options: ClientsOptions, name: string): Promise<void> {
  const { VersionIdsToStages } = await describe(options, name);
  const leftover = Object.entries(VersionIdsToStages ?? {}).find(
    ([, stages]) => stages.includes("AWSPENDING") && !stages.includes("AWSCURRENT"),
  );
  if (!leftover) return;
  await options.client.send(
    new UpdateSecretVersionStageCommand({
      SecretId: secretIdOfClient(name),
      VersionStage: "AWSPENDING",
      RemoveFromVersionId: leftover[0],
    }),
  );
}

/**
 * Rotates the client's token through its rotation function (RotateSecret; `rotationLambdaArn` sets one
 * when the secret has none), waits until the new version is AWSCURRENT and returns its token. The
 * previous token keeps working for `API_TOKEN_GRACE_SECONDS`. `name` may be `admin`: the API token secret.
 *
 * @example
 * const token = await rotateClient(options, "team-a", { rotationLambdaArn });
 */
export async function rotateClient(
  options: ClientsOptions,
  name: string,
  rotation: { rotationLambdaArn?: string; rotateEveryDays?: number; waitMs?: number } = {},
): Promise<string> {
  if (name !== ADMIN_CLIENT_ID) assertName(name);
  const secretId = secretIdOfClient(name);
  const { VersionId } = await options.client.send(
    new RotateSecretCommand({
      SecretId: secretId,
      ...(rotation.rotationLambdaArn ? { RotationLambdaARN: rotation.rotationLambdaArn } : {}),
      ...(rotation.rotateEveryDays
        ? { RotationRules: { AutomaticallyAfterDays: rotation.rotateEveryDays } }
        : {}),
    }),
  );
  const waitMs = rotation.waitMs ?? 30_000;
  for (const deadline = Date.now() + waitMs; Date.now() < deadline; ) {
    const { VersionIdsToStages } = await describe(options, name);
    if (VersionId && VersionIdsToStages?.[VersionId]?.includes("AWSCURRENT")) {
      const { SecretString } = await options.client.send(
        new GetSecretValueCommand({ SecretId: secretId, VersionId }),
      );
      return parseClientRecord(SecretString ?? "", name, prefixOf(options)).token;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new ClientsCommandError(`the rotation of ${secretId} did not finish within ${waitMs / 1000} s`);
}

async function readRecord(options: ClientsOptions, name: string): Promise<ClientRecord> {
  assertName(name);
  const { SecretString } = await options.client.send(
    new GetSecretValueCommand({ SecretId: secretIdOfClient(name) }),
  );
  return parseClientRecord(SecretString ?? "", name, prefixOf(options));
}

/**
 * Stores `record` as the client's new AWSCURRENT version, then takes AWSPENDING off any older version: a
 * rotation running meanwhile copied the old record (its state and scopes), and its finishSecret must not
 * make that current again (its next step now fails; it is tried again at the next schedule).
 */
async function putRecord(options: ClientsOptions, name: string, record: ClientRecord): Promise<void> {
  await options.client.send(
    new PutSecretValueCommand({ SecretId: secretIdOfClient(name), SecretString: clientRecordText(record) }),
  );
  await dropLeftoverPending(options, name);
}

function describe(options: ClientsOptions, name: string): Promise<DescribeSecretCommandOutput> {
  return options.client.send(new DescribeSecretCommand({ SecretId: secretIdOfClient(name) }));
}
