import { describe, expect, it } from "vitest";
import { genericStrategy } from "../../../shared/rotation/generic/strategy";
import {
  contractTitle,
  describeRotationContract,
  RotationDriver,
  type RotationSubject,
  useContractWorld,
} from "../../support/rotation-contract";

/** An API token: whatever checks it reads the secret, so "logs in" means the value is well formed. */
const subject: RotationSubject = {
  functionName: "generic",
  strategy: genericStrategy,
  newSecretValue: async () => JSON.stringify({ client: "reports", password: "initial-api-token-0001" }),
  logsIn: async (value) => {
    const parsed = JSON.parse(value) as { password?: unknown; client?: unknown };
    return typeof parsed.password === "string" && parsed.password.length >= 20 && parsed.client === "reports";
  },
  tags: { "rotation:password-length": "40", "rotation:exclude-characters": "\"'\\" },
};

const tokenSubject: RotationSubject = {
  ...subject,
  newSecretValue: async () => JSON.stringify({ token: "initial-api-token-0002", note: "kept" }),
  logsIn: async (value) => (JSON.parse(value) as { token?: string }).token?.length === 40,
  tags: { "rotation:password-length": "40" },
};

describe(contractTitle(subject), () => {
  const world = useContractWorld([subject]);
  describeRotationContract(subject, world);

  it("rotates the key named by the `rotation:key` tag (a value with neither `password` nor `token`), keeps the other keys, follows length and exclusions", async () => {
    const keyed: RotationSubject = {
      ...subject,
      newSecretValue: async () => JSON.stringify({ client: "reports", apikey: "initial-api-key-0001" }),
      tags: { ...subject.tags, "rotation:key": "apikey" },
    };
    const d = new RotationDriver(world(), keyed);
    const { arn } = await d.newSecret();
    await d.rotate(arn);
    const value = JSON.parse((await d.value(arn, { stage: "AWSCURRENT" })) ?? "{}") as Record<string, string>;
    expect(value.client).toBe("reports");
    expect(value.apikey?.length).toBe(40);
    expect(/["'\\]/.test(value.apikey ?? "")).toBe(false);
  });
});

describe(`${contractTitle(tokenSubject)} (token key)`, () => {
  const world = useContractWorld([tokenSubject]);
  it("rotates `token` when the value has no `password`", async () => {
    const d = new RotationDriver(world(), tokenSubject);
    const { arn, firstVersion } = await d.newSecret();
    const token = await d.rotate(arn);
    const value = JSON.parse((await d.value(arn, { stage: "AWSCURRENT" })) ?? "{}") as Record<string, string>;
    expect(value.note).toBe("kept");
    expect(value.token?.length).toBe(40);
    expect(Object.keys(value).sort()).toEqual(["note", "token"]);
    expect((await d.stages(arn))[firstVersion]).toContain("AWSPREVIOUS");
    expect((await d.stages(arn))[token]).toContain("AWSCURRENT");
  });
});
