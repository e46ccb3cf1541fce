import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DAY, type Harness, makeHarness, token } from "./core-harness";

let h: Harness;
beforeEach(() => {
  h = makeHarness();
  h.call("CreateSecret", { Name: "s", SecretString: "v0", ClientRequestToken: token(0) });
});
afterEach(() => h.core.close());

const stages = () =>
  h.call("DescribeSecret", { SecretId: "s" }).VersionIdsToStages as Record<string, string[]>;

describe("PutSecretValue stages", () => {
  it("moves AWSCURRENT to the new version and AWSPREVIOUS to the old current only", () => {
    h.call("PutSecretValue", { SecretId: "s", SecretString: "v1", ClientRequestToken: token(1) });
    h.call("PutSecretValue", { SecretId: "s", SecretString: "v2", ClientRequestToken: token(2) });
    expect(stages()).toEqual({ [token(2)]: ["AWSCURRENT"], [token(1)]: ["AWSPREVIOUS"] });
  });

  it("with VersionStages [AWSPENDING] leaves the current alone and moves the label between versions", () => {
    h.call("PutSecretValue", {
      SecretId: "s",
      SecretString: "p1",
      ClientRequestToken: token(1),
      VersionStages: ["AWSPENDING"],
    });
    expect(stages()).toEqual({ [token(0)]: ["AWSCURRENT"], [token(1)]: ["AWSPENDING"] });
    h.call("PutSecretValue", {
      SecretId: "s",
      SecretString: "p2",
      ClientRequestToken: token(2),
      VersionStages: ["AWSPENDING"],
    });
    expect(stages()).toEqual({ [token(0)]: ["AWSCURRENT"], [token(2)]: ["AWSPENDING"] });
    expect(h.call("GetSecretValue", { SecretId: "s" }).SecretString).toBe("v0");
  });

  it("gives the first version of a secret AWSCURRENT whatever VersionStages says (AWS documents it)", () => {
    h.call("CreateSecret", { Name: "empty" });
    const put = h.call("PutSecretValue", {
      SecretId: "empty",
      SecretString: "first",
      ClientRequestToken: token(1),
      VersionStages: ["STAGED"],
    });
    expect(put.VersionStages).toEqual(["STAGED", "AWSCURRENT"]);
    const current = h.call("GetSecretValue", { SecretId: "empty" });
    expect([current.VersionId, current.SecretString]).toEqual([token(1), "first"]);
    // not the first version any more: only the labels asked for move, AWSCURRENT stays where it is
    h.call("PutSecretValue", {
      SecretId: "empty",
      SecretString: "second",
      ClientRequestToken: token(2),
      VersionStages: ["STAGED"],
    });
    expect(h.call("DescribeSecret", { SecretId: "empty" }).VersionIdsToStages).toEqual({
      [token(1)]: ["AWSCURRENT"],
      [token(2)]: ["STAGED"],
    });
    // a retry of the first put is still the same no-op
    const retried = h.call("PutSecretValue", {
      SecretId: "empty",
      SecretString: "first",
      ClientRequestToken: token(1),
      VersionStages: ["STAGED"],
    });
    expect(retried.VersionId).toBe(token(1));
    expect(h.call("GetSecretValue", { SecretId: "empty" }).SecretString).toBe("first");
  });

  it("reports abandoning a pending rotation when AWSPENDING is taken away", () => {
    h.call("PutSecretValue", {
      SecretId: "s",
      SecretString: "p1",
      ClientRequestToken: token(1),
      VersionStages: ["AWSPENDING"],
    });
    h.call("PutSecretValue", {
      SecretId: "s",
      SecretString: "p2",
      ClientRequestToken: token(2),
      VersionStages: ["AWSPENDING"],
    });
    expect(h.abandoned.map((r) => r.clientRequestToken)).toEqual([token(1)]);
    expect(h.abandoned[0]?.secretName).toBe("s");
  });
});

describe("UpdateSecretVersionStage", () => {
  beforeEach(() => {
    h.call("PutSecretValue", {
      SecretId: "s",
      SecretString: "v1",
      ClientRequestToken: token(1),
      VersionStages: ["AWSPENDING"],
    });
  });

  it("requires RemoveFromVersionId when the label is attached elsewhere", () => {
    const refused = h.refusal("UpdateSecretVersionStage", {
      SecretId: "s",
      VersionStage: "AWSCURRENT",
      MoveToVersionId: token(1),
    });
    expect(refused.code).toBe("InvalidParameterException");
    expect(refused.message).toContain(`currently attached to version ${token(0)}`);
  });

  it("moving AWSCURRENT gives the old current AWSPREVIOUS", () => {
    h.call("UpdateSecretVersionStage", {
      SecretId: "s",
      VersionStage: "AWSCURRENT",
      MoveToVersionId: token(1),
      RemoveFromVersionId: token(0),
    });
    expect(stages()).toEqual({ [token(1)]: ["AWSPENDING", "AWSCURRENT"], [token(0)]: ["AWSPREVIOUS"] });
    expect(h.call("GetSecretValue", { SecretId: "s" }).SecretString).toBe("v1");
  });

  it("removes a custom label, refuses removing AWSCURRENT and unknown versions", () => {
    h.call("UpdateSecretVersionStage", { SecretId: "s", VersionStage: "blue", MoveToVersionId: token(0) });
    expect(stages()[token(0)]).toEqual(["AWSCURRENT", "blue"]);
    h.call("UpdateSecretVersionStage", {
      SecretId: "s",
      VersionStage: "blue",
      RemoveFromVersionId: token(0),
    });
    expect(stages()[token(0)]).toEqual(["AWSCURRENT"]);
    expect(
      h.refusal("UpdateSecretVersionStage", {
        SecretId: "s",
        VersionStage: "AWSCURRENT",
        RemoveFromVersionId: token(0),
      }).code,
    ).toBe("InvalidParameterException");
    expect(
      h.refusal("UpdateSecretVersionStage", { SecretId: "s", VersionStage: "x", MoveToVersionId: token(9) })
        .code,
    ).toBe("ResourceNotFoundException");
    expect(
      h.refusal("UpdateSecretVersionStage", {
        SecretId: "s",
        VersionStage: "x",
        RemoveFromVersionId: token(0),
      }).code,
    ).toBe("InvalidParameterException");
  });
});

describe("ListSecretVersionIds and pruning", () => {
  it("omits unlabelled versions unless IncludeDeprecated, and pages", () => {
    for (let i = 1; i <= 4; i++)
      h.call("PutSecretValue", { SecretId: "s", SecretString: `v${i}`, ClientRequestToken: token(i) });
    const labelled = h.call("ListSecretVersionIds", { SecretId: "s" }).Versions as { VersionId: string }[];
    expect(labelled.map((v) => v.VersionId)).toEqual([token(4), token(3)]);
    const all = h.call("ListSecretVersionIds", { SecretId: "s", IncludeDeprecated: true })
      .Versions as unknown[];
    expect(all).toHaveLength(5);
    const first = h.call("ListSecretVersionIds", { SecretId: "s", IncludeDeprecated: true, MaxResults: 2 });
    expect(first.Versions).toHaveLength(2);
    const second = h.call("ListSecretVersionIds", {
      SecretId: "s",
      IncludeDeprecated: true,
      MaxResults: 2,
      NextToken: first.NextToken,
    });
    expect(second.Versions[0].VersionId).toBe(token(2));
    expect(h.refusal("ListSecretVersionIds", { SecretId: "s", NextToken: "garbage" }).code).toBe(
      "InvalidNextTokenException",
    );
  });

  it("keeps more than 100 versions while they are younger than a day, then prunes the oldest unlabelled", () => {
    for (let i = 1; i <= 104; i++) h.call("PutSecretValue", { SecretId: "s", SecretString: `v${i}` });
    const count = () => {
      let total = 0;
      let next: string | undefined;
      do {
        const page = h.call("ListSecretVersionIds", {
          SecretId: "s",
          IncludeDeprecated: true,
          NextToken: next,
        });
        total += (page.Versions as unknown[]).length;
        next = page.NextToken;
      } while (next);
      return total;
    };
    expect(count()).toBe(105);
    h.clock.advance(DAY + 1);
    h.call("PutSecretValue", { SecretId: "s", SecretString: "fresh" });
    expect(count()).toBe(100);
    // the oldest (token 0) went first; labelled versions stay
    expect(h.refusal("GetSecretValue", { SecretId: "s", VersionId: token(0) }).code).toBe(
      "ResourceNotFoundException",
    );
    expect(h.call("GetSecretValue", { SecretId: "s", VersionStage: "AWSPREVIOUS" }).SecretString).toBe(
      "v104",
    );
  });
});
