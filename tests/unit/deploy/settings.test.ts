/**
 * The deployment settings' checks (serverless/settings.js): a setting that would widen a role, smuggle a
 * wildcard into an ARN or misconfigure the network fails packaging with its name, before CloudFormation.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../../support/paths";

const { parseSettings } = require(join(REPO, "serverless", "settings.js")) as {
  parseSettings(raw: Record<string, string>, region: string): Record<string, unknown>;
};

/** The defaults serverless.yml gives every setting. */
const DEFAULTS = Object.fromEntries(
  [
    ...readFileSync(join(REPO, "serverless.yml"), "utf8").matchAll(
      /(\w+): \$\{param:\1, env:\1, '([^']*)'\}/g,
    ),
  ].map((match) => [match[1] ?? "", match[2] ?? ""]),
);
const parse = (changes: Record<string, string> = {}) =>
  parseSettings({ ...DEFAULTS, ...changes }, "us-east-1");
const KEY = "arn:aws:kms:us-east-1:123456789012:key/1111aaaa-1111-4111-8111-111111111111";

describe("deployment settings", () => {
  it("reads the defaults: nothing optional on", () => {
    expect(parse()).toMatchObject({
      secretsPrefix: "app/",
      secretsKmsKeyArns: [],
      rotationVpc: undefined,
      alarmEmail: undefined,
      consoleOrigins: [],
      tracing: false,
      logRetentionDays: 30,
      throttle: { rateLimit: 50, burstLimit: 100 },
      metricsNamespace: "SecretsManagerLambdas",
    });
  });

  it("reads lists, trimmed", () => {
    expect(
      parse({
        SECRETS_KMS_KEY_ARNS: ` ${KEY} ,`,
        ROTATION_SUBNET_IDS: "subnet-0aaa1111bbbb2222c, subnet-0ccc3333dddd4444e",
        ROTATION_SECURITY_GROUP_IDS: "sg-0eee5555ffff6666a",
        CONSOLE_ORIGINS: "https://console.example.com,http://localhost:5173",
        TRACING: "true",
      }),
    ).toMatchObject({
      secretsKmsKeyArns: [KEY],
      rotationVpc: {
        subnetIds: ["subnet-0aaa1111bbbb2222c", "subnet-0ccc3333dddd4444e"],
        securityGroupIds: ["sg-0eee5555ffff6666a"],
      },
      consoleOrigins: ["https://console.example.com", "http://localhost:5173"],
      tracing: true,
    });
  });

  it.each([
    ["an empty prefix (every secret, the API token included)", { SECRETS_PREFIX: "" }, "SECRETS_PREFIX"],
    ["a prefix with an IAM wildcard", { SECRETS_PREFIX: "app/*" }, "SECRETS_PREFIX"],
    ["a prefix with a variable", { SECRETS_PREFIX: `\${AWS::Region}/` }, "SECRETS_PREFIX"],
    ["a prefix over the API's own secrets", { SECRETS_PREFIX: "secrets-api/" }, "overlaps API secrets"],
    [
      "a prefix under the master secrets",
      { SECRETS_PREFIX: "rotation-masters/db/" },
      "overlaps ROTATION_MASTER_PREFIX",
    ],
    ["a prefix over the audit's cursor", { SECRETS_PREFIX: "secrets-" }, "overlaps"],
    ["subnets without security groups", { ROTATION_SUBNET_IDS: "subnet-0aaa1111bbbb2222c" }, "go together"],
    [
      "security groups without subnets",
      { ROTATION_SECURITY_GROUP_IDS: "sg-0eee5555ffff6666a" },
      "go together",
    ],
    [
      "a subnet that is not one",
      { ROTATION_SUBNET_IDS: "vpc-0aaa1111bbbb2222c", ROTATION_SECURITY_GROUP_IDS: "sg-0eee5555ffff6666a" },
      "subnet id",
    ],
    ["a key alias", { SECRETS_KMS_KEY_ARNS: "alias/secrets" }, "SECRETS_KMS_KEY_ARNS"],
    ["a key of another region", { SECRETS_KMS_KEY_ARNS: KEY.replace("us-east-1", "eu-west-1") }, "region"],
    ["a wildcard key", { SECRETS_KMS_KEY_ARNS: "arn:aws:kms:us-east-1:123456789012:key/*" }, "KMS key ARN"],
    ["any origin", { CONSOLE_ORIGINS: "*" }, "CONSOLE_ORIGINS"],
    ["an origin with a path", { CONSOLE_ORIGINS: "https://console.example.com/app" }, "CONSOLE_ORIGINS"],
    ["a plain-http remote origin", { CONSOLE_ORIGINS: "http://console.example.com" }, "CONSOLE_ORIGINS"],
    ["tracing as yes", { TRACING: "yes" }, "TRACING"],
    ["a retention CloudWatch does not offer", { LOG_RETENTION_DAYS: "31" }, "LOG_RETENTION_DAYS"],
    ["no throttling", { API_THROTTLE_RATE_LIMIT: "0" }, "API_THROTTLE_RATE_LIMIT"],
    ["an AWS namespace", { METRICS_NAMESPACE: "AWS/Lambda" }, "METRICS_NAMESPACE"],
    ["an email that is not one", { ALARM_EMAIL: "ops" }, "ALARM_EMAIL"],
    [
      "a topic that is not one",
      { ALARM_TOPIC_ARN: "arn:aws:sqs:us-east-1:123456789012:q" },
      "ALARM_TOPIC_ARN",
    ],
  ])("refuses %s", (_label, changes, message) => {
    expect(() => parse(changes)).toThrow(message);
  });
});
