import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AwsError } from "../../../local/core/errors";
import { OPERATIONS } from "../../../local/operations/registry";
import { ENDPOINT_OPERATIONS } from "../../support/endpoint-operations";
import { CTX, type Harness, makeHarness } from "./core-harness";

const SECRET = "hunter2-TOP-SECRET-value";

let h: Harness;
beforeAll(() => {
  h = makeHarness();
  h.call("CreateSecret", { Name: "fuzz", SecretString: SECRET });
});
afterAll(() => h.core.close());

describe("dispatch", () => {
  it("knows exactly the 23 operations", () => {
    expect(Object.keys(OPERATIONS).sort()).toEqual([...ENDPOINT_OPERATIONS].sort());
    for (const op of ENDPOINT_OPERATIONS) expect(h.core.isKnownOperation(op)).toBe(true);
    for (const op of ["", "toString", "__proto__", "CreateSecrets", "constructor"])
      expect(h.core.isKnownOperation(op)).toBe(false);
    expect(h.refusal("constructor", {}).code).toBe("UnknownOperationException");
  });

  it("answers wrong JSON types with SerializationException and ignores unknown members", () => {
    expect(h.refusal("CreateSecret", { Name: 5 }).code).toBe("SerializationException");
    expect(h.refusal("CreateSecret", { Name: "n", Tags: {} }).code).toBe("SerializationException");
    expect(h.refusal("ListSecrets", { MaxResults: "10" }).code).toBe("SerializationException");
    expect(h.refusal("ListSecrets", { MaxResults: 1.5 }).code).toBe("SerializationException");
    expect(h.refusal("GetSecretValue", []).code).toBe("SerializationException");
    expect(h.refusal("GetSecretValue", {}).code).toBe("ValidationException");
    expect(h.call("GetSecretValue", { SecretId: "fuzz", Unknown: { deep: 1 } }).SecretString).toBe(SECRET);
  });

  it("throws only AwsError for any input, never with the secret value in its text, and changes nothing when refusing", () => {
    const anyJson = fc.jsonValue({ maxDepth: 3 });
    const field = fc.constantFrom(
      "Name",
      "SecretId",
      "SecretString",
      "SecretBinary",
      "ClientRequestToken",
      "VersionStages",
      "Tags",
      "Filters",
      "MaxResults",
      "NextToken",
      "RotationRules",
      "RecoveryWindowInDays",
      "VersionStage",
      "MoveToVersionId",
      "RemoveFromVersionId",
      "ResourcePolicy",
      "AddReplicaRegions",
      "PasswordLength",
      "TagKeys",
    );
    const input = fc.oneof(
      anyJson,
      // the secret travels only where values travel; names and labels may be echoed, as AWS does
      fc
        .tuple(fc.dictionary(field, fc.oneof(anyJson, fc.constant("fuzz"))), fc.boolean())
        .map(([fields, withValue]) => (withValue ? { ...fields, SecretString: SECRET } : fields)),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(
          ...ENDPOINT_OPERATIONS.filter(
            (op) => !["DeleteSecret", "CreateSecret", "PutSecretValue", "UpdateSecret"].includes(op),
          ),
        ),
        input,
        (operation, body) => {
          const before = h.core.secretCount();
          try {
            h.core.dispatch(operation, body, CTX);
          } catch (error) {
            expect(error).toBeInstanceOf(AwsError);
            const refusal = error as AwsError;
            expect(`${refusal.message} ${refusal.code} ${refusal.stack ?? ""}`).not.toContain(SECRET);
            expect(refusal.code).not.toBe("InternalServiceError");
            expect(h.core.secretCount()).toBe(before);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("answers every operation, writes included, with a value or an AwsError that is not an internal failure", () => {
    const body = fc.dictionary(
      fc.constantFrom(
        "Name",
        "SecretId",
        "SecretString",
        "SecretBinary",
        "VersionStages",
        "Tags",
        "RecoveryWindowInDays",
        "ForceDeleteWithoutRecovery",
        "Description",
      ),
      fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom("fuzz", "other", "YQ==", 7, true)),
    );
    fc.assert(
      fc.property(fc.constantFrom(...ENDPOINT_OPERATIONS), body, (operation, input) => {
        try {
          h.core.dispatch(operation, input, CTX);
        } catch (error) {
          expect(error).toBeInstanceOf(AwsError);
          expect((error as AwsError).code).not.toBe("InternalServiceError");
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("never puts a SecretString into a refusal's text", () => {
    const refused = h.refusal("PutSecretValue", {
      SecretId: "fuzz",
      SecretString: SECRET,
      SecretBinary: "YQ==",
    });
    expect(refused.message).not.toContain(SECRET);
    const tooBig = h.refusal("PutSecretValue", { SecretId: "fuzz", SecretString: SECRET.repeat(5000) });
    expect(tooBig.message).not.toContain(SECRET);
  });

  it("reset wipes every region", () => {
    const local = makeHarness();
    local.call("CreateSecret", { Name: "a", SecretString: "x" });
    local.call(
      "CreateSecret",
      { Name: "a", SecretString: "x", AddReplicaRegions: [{ Region: "eu-west-1" }] },
      { ...CTX, region: "us-west-2" },
    );
    expect(local.core.secretCount()).toBe(3);
    local.core.reset();
    expect(local.core.secretCount()).toBe(0);
    local.core.close();
  });
});
