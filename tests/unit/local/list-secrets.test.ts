import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Answer, type Harness, makeHarness } from "./core-harness";

let h: Harness;
beforeEach(() => {
  h = makeHarness();
  const add = (Name: string, extra: Record<string, unknown> = {}) => {
    h.call("CreateSecret", { Name, SecretString: "v", ...extra });
    h.clock.advance(1);
  };
  add("prod/db", { Description: "Primary Database", Tags: [{ Key: "team", Value: "payments" }] });
  add("prod/api", { Tags: [{ Key: "team", Value: "platform" }] });
  add("dev/db", { Description: "scratch database" });
  add("Prod/upper");
});
afterEach(() => h.core.close());

const names = (input: Record<string, unknown>) =>
  (h.call("ListSecrets", input).SecretList as { Name: string }[]).map((s) => s.Name);

describe("ListSecrets", () => {
  it("lists by CreatedDate ascending by default and descending on request", () => {
    expect(names({})).toEqual(["prod/db", "prod/api", "dev/db", "Prod/upper"]);
    expect(names({ SortOrder: "desc" })).toEqual(["Prod/upper", "dev/db", "prod/api", "prod/db"]);
    expect(h.refusal("ListSecrets", { SortOrder: "up" }).code).toBe("ValidationException");
  });

  it("matches name by case-sensitive prefix and description case-insensitively", () => {
    expect(names({ Filters: [{ Key: "name", Values: ["prod/"] }] })).toEqual(["prod/db", "prod/api"]);
    expect(names({ Filters: [{ Key: "description", Values: ["primary"] }] })).toEqual(["prod/db"]);
    expect(names({ Filters: [{ Key: "description", Values: ["SCRATCH"] }] })).toEqual(["dev/db"]);
  });

  it("matches tags, negation, OR within a filter and AND across filters", () => {
    expect(names({ Filters: [{ Key: "tag-key", Values: ["te"] }] })).toEqual(["prod/db", "prod/api"]);
    expect(names({ Filters: [{ Key: "tag-value", Values: ["pay", "plat"] }] })).toEqual([
      "prod/db",
      "prod/api",
    ]);
    expect(names({ Filters: [{ Key: "name", Values: ["!prod"] }] })).toEqual(["dev/db", "Prod/upper"]);
    expect(
      names({
        Filters: [
          { Key: "name", Values: ["prod"] },
          { Key: "tag-value", Values: ["platform"] },
        ],
      }),
    ).toEqual(["prod/api"]);
    expect(names({ Filters: [{ Key: "primary-region", Values: ["us-east"] }] })).toHaveLength(4);
  });

  it("searches every attribute with 'all', case-insensitively by word", () => {
    expect(names({ Filters: [{ Key: "all", Values: ["database"] }] })).toEqual(["prod/db", "dev/db"]);
    expect(names({ Filters: [{ Key: "all", Values: ["PAYMENTS"] }] })).toEqual(["prod/db"]);
  });

  it("refuses unknown keys and bad values", () => {
    expect(h.refusal("ListSecrets", { Filters: [{ Key: "colour", Values: ["x"] }] }).code).toBe(
      "ValidationException",
    );
    expect(h.refusal("ListSecrets", { Filters: [{ Key: "name", Values: ["a$b"] }] }).code).toBe(
      "ValidationException",
    );
    expect(h.refusal("ListSecrets", { MaxResults: 101 }).code).toBe("ValidationException");
    expect(h.refusal("ListSecrets", { MaxResults: 0 }).code).toBe("ValidationException");
  });

  it("pages with an opaque NextToken", () => {
    const first = h.call("ListSecrets", { MaxResults: 3 });
    expect(first.SecretList).toHaveLength(3);
    expect(typeof first.NextToken).toBe("string");
    const second = h.call("ListSecrets", { MaxResults: 3, NextToken: first.NextToken });
    expect((second.SecretList as { Name: string }[]).map((s) => s.Name)).toEqual(["Prod/upper"]);
    expect(second.NextToken).toBeUndefined();
    expect(h.refusal("ListSecrets", { NextToken: "bm9wZQ" }).code).toBe("InvalidNextTokenException");
  });

  it("shows secrets scheduled for deletion only with IncludePlannedDeletion", () => {
    h.call("DeleteSecret", { SecretId: "dev/db" });
    expect(names({})).not.toContain("dev/db");
    const listed = h.call("ListSecrets", { IncludePlannedDeletion: true }).SecretList as {
      Name: string;
      DeletedDate?: number;
    }[];
    expect(listed.find((s) => s.Name === "dev/db")?.DeletedDate).toBeTypeOf("number");
  });

  it("answers SecretVersionsToStages in each entry", () => {
    const entry = (
      h.call("ListSecrets", { Filters: [{ Key: "name", Values: ["dev/db"] }] }).SecretList as Answer[]
    )[0];
    expect(Object.values(entry?.SecretVersionsToStages ?? {})).toEqual([["AWSCURRENT"]]);
  });
});

describe("BatchGetSecretValue", () => {
  it("reads a list of ids and reports the missing ones in Errors", () => {
    const answer = h.call("BatchGetSecretValue", { SecretIdList: ["prod/db", "missing"] });
    expect((answer.SecretValues as { Name: string }[]).map((v) => v.Name)).toEqual(["prod/db"]);
    expect(answer.Errors).toEqual([
      {
        SecretId: "missing",
        ErrorCode: "ResourceNotFoundException",
        Message: "Secrets Manager can't find the specified secret.",
      },
    ]);
  });

  it("reads by filters and refuses both or neither", () => {
    const answer = h.call("BatchGetSecretValue", { Filters: [{ Key: "name", Values: ["prod/"] }] });
    expect(answer.SecretValues).toHaveLength(2);
    expect(h.refusal("BatchGetSecretValue", {}).code).toBe("InvalidParameterException");
    expect(h.refusal("BatchGetSecretValue", { SecretIdList: ["a"], Filters: [] }).code).toBe(
      "InvalidParameterException",
    );
  });
});
