/**
 * fast-check arbitraries for the local endpoint's wire protocol: targets, headers and bodies that are
 * sometimes right, often nearly right and sometimes nonsense.
 */
import fc from "fast-check";
import { ENDPOINT_OPERATIONS } from "../../support/endpoint-operations";

const MEMBERS = [
  "Name",
  "SecretId",
  "SecretString",
  "SecretBinary",
  "ClientRequestToken",
  "VersionId",
  "VersionStage",
  "VersionStages",
  "Description",
  "KmsKeyId",
  "Tags",
  "TagKeys",
  "RecoveryWindowInDays",
  "ForceDeleteWithoutRecovery",
  "Filters",
  "MaxResults",
  "NextToken",
  "SortOrder",
  "IncludePlannedDeletion",
  "RotationLambdaARN",
  "RotationRules",
  "RotateImmediately",
  "MoveToVersionId",
  "RemoveFromVersionId",
  "SecretIdList",
  "ResourcePolicy",
  "AddReplicaRegions",
  "RemoveReplicaRegions",
  "PasswordLength",
  "ExcludeCharacters",
  "__proto__",
  "constructor",
];

/** The arbitraries for a run against an endpoint holding `names` (and their ARNs). */
export function wireArbitraries(names: string[], arns: string[]) {
  const known = names.length > 0 ? fc.constantFrom(...names, ...arns) : fc.string();
  const memberValue = fc.oneof(
    { weight: 3, arbitrary: known },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.integer({ min: -5, max: 2000 }) },
    { weight: 1, arbitrary: fc.array(known, { maxLength: 3 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "AWSCURRENT",
        "AWSPENDING",
        "AWSPREVIOUS",
        "rate(1 days)",
        "cron(0 0 * * ? *)",
      ),
    },
  );
  const structured = fc.dictionary(
    fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...MEMBERS) }, fc.string({ maxLength: 8 })),
    memberValue,
    { maxKeys: 5 },
  );
  const body = fc.oneof(
    { weight: 6, arbitrary: structured.map((object) => JSON.stringify(object)) },
    { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
    },
    { weight: 1, arbitrary: fc.constantFrom("", "{", "null", "[]", "{}", '{"SecretId":', "\u0000") },
  );
  const target = fc.option(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...ENDPOINT_OPERATIONS).map((op) => `secretsmanager.${op}`) },
      { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((op) => `secretsmanager.${op}`) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          "secretsmanager.",
          "secretsmanager.__proto__",
          "secretsmanager.constructor",
          "secretsmanager.toString",
          "SecretsManager.GetSecretValue",
          "kms.Decrypt",
        ),
      },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    ),
    { freq: 10 },
  );
  const contentType = fc.option(
    fc.oneof(
      fc.constantFrom(
        "application/x-amz-json-1.1",
        "application/x-amz-json-1.0",
        "application/json",
        "APPLICATION/JSON; charset=utf-8",
        "text/plain",
        "",
      ),
      fc.string({ maxLength: 30 }),
    ),
    { freq: 8 },
  );
  const authorization = fc.option(
    fc.oneof(
      fc
        .stringMatching(/^[a-z0-9-]{0,16}$/)
        .map(
          (region) =>
            `AWS4-HMAC-SHA256 Credential=AKID/20240101/${region}/secretsmanager/aws4_request, SignedHeaders=host, Signature=00`,
        ),
      fc.string({ maxLength: 60 }),
    ),
    { freq: 3 },
  );
  const extraHeaders = fc.dictionary(fc.stringMatching(/^x-[a-z0-9-]{1,20}$/), fc.string({ maxLength: 40 }), {
    maxKeys: 3,
  });
  const method = fc.constantFrom("POST", "POST", "POST", "POST", "GET", "PUT", "DELETE", "PATCH", "OPTIONS");
  const path = fc.oneof(
    { weight: 5, arbitrary: fc.constant("/") },
    {
      weight: 1,
      arbitrary: fc.webPath().filter((p) => !p.toLowerCase().startsWith("/_local") && p.startsWith("/")),
    },
    { weight: 1, arbitrary: fc.constantFrom("/?Action=GetSecretValue", "//", "/_localx", "/_local") },
  );
  const anything = fc.record({ method, path, target, contentType, authorization, extraHeaders, body });
  const wellFormed = fc.record({
    method: fc.constant("POST"),
    path: fc.constant("/"),
    target: fc.constantFrom(...ENDPOINT_OPERATIONS).map((op): string | null => `secretsmanager.${op}`),
    contentType: fc.constant<string | null>("application/x-amz-json-1.1"),
    authorization: fc.constant<string | null>(null),
    extraHeaders: fc.constant<Record<string, string>>({}),
    body: sensibleBody(known).map((object) => JSON.stringify(object)),
  });
  return fc.oneof(anything, wellFormed);
}

/** Bodies whose members have the right types (and sometimes the right values), to get past validation. */
function sensibleBody(known: fc.Arbitrary<string>) {
  const stage = fc.constantFrom("AWSCURRENT", "AWSPENDING", "AWSPREVIOUS", "custom");
  const tag = fc.record({
    Key: fc.string({ minLength: 1, maxLength: 8 }),
    Value: fc.string({ maxLength: 8 }),
  });
  return fc.record(
    {
      Name: fc.oneof(
        known,
        fc.integer({ min: 0, max: 20 }).map((i) => `fuzz/new-${i}`),
        fc.string({ maxLength: 20 }),
      ),
      SecretId: fc.oneof({ weight: 4, arbitrary: known }, fc.string({ maxLength: 20 })),
      SecretString: fc.string({ maxLength: 50 }),
      ClientRequestToken: fc.oneof(fc.uuid(), fc.string({ maxLength: 70 })),
      VersionStage: stage,
      VersionStages: fc.array(stage, { maxLength: 2 }),
      Description: fc.string({ maxLength: 30 }),
      Tags: fc.array(tag, { maxLength: 3 }),
      TagKeys: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
      RecoveryWindowInDays: fc.integer({ min: 5, max: 32 }),
      ForceDeleteWithoutRecovery: fc.boolean(),
      MaxResults: fc.integer({ min: 0, max: 101 }),
      IncludePlannedDeletion: fc.boolean(),
      SortOrder: fc.constantFrom("asc", "desc", "x"),
      RotationRules: fc.record({ AutomaticallyAfterDays: fc.integer({ min: 0, max: 1001 }) }),
      RotateImmediately: fc.boolean(),
      PasswordLength: fc.integer({ min: 0, max: 5000 }),
      AddReplicaRegions: fc.array(fc.record({ Region: fc.constantFrom("us-west-2", "eu-west-1", "x") }), {
        maxLength: 2,
      }),
    },
    { requiredKeys: [] },
  );
}

/** A header value Node's HTTP client accepts: printable Latin-1 without CR/LF (others are refused locally). */
export function headerSafe(value: string): string {
  return value.replace(/[^\t\x20-\x7e\x80-\xff]/g, "?");
}
