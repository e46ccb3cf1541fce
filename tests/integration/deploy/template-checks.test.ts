/**
 * The packaged template, in each configuration, against the CloudFormation resource specification and
 * IAM's list of actions; and each check failing on a template broken on purpose, so a check that passes
 * is a check that can fail.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { packaged, type Template } from "../../support/packaged";
import { specProblems } from "../../support/template/cfn-spec";
import { unknownActions } from "../../support/template/iam-actions";
import { roleOf } from "../../support/template/policies";

for (const config of ["default", "full"] as const) {
  describe(`the packaged template (${config} configuration)`, () => {
    let template: Template;
    beforeAll(async () => {
      template = (await packaged(config)).template;
    }, 180_000);

    it("has only resource types, properties and references CloudFormation knows, required ones present", () => {
      expect(specProblems(template)).toEqual([]);
    });

    it("names only IAM actions that exist", async () => {
      expect(await unknownActions(template)).toEqual([]);
    });
  });
}

describe("the template checks, on templates broken on purpose", () => {
  let template: Template;
  beforeAll(async () => {
    template = (await packaged("default")).template;
  }, 180_000);
  const broken = (change: (copy: Template) => void) => {
    const copy = structuredClone(template);
    change(copy);
    return copy;
  };
  const properties = (copy: Template, id: string) =>
    copy.Resources[id]?.Properties as Record<string, unknown>;

  it("a misspelled property", () => {
    const copy = broken((t) => {
      const queue = properties(t, "OnRotationEventFailureQueue");
      queue.MessageRetentionPeriode = queue.MessageRetentionPeriod;
      delete queue.MessageRetentionPeriod;
    });
    expect(specProblems(copy)).toEqual([
      "OnRotationEventFailureQueue.Properties.MessageRetentionPeriode: not a property of this type",
    ]);
  });

  it("a misspelled nested property, a missing required one, a wrong shape", () => {
    const copy = broken((t) => {
      const target = (
        properties(t, "RotationEventsRule").Targets as Record<string, Record<string, unknown>>[]
      )[0];
      if (target?.RetryPolicy) target.RetryPolicy = { MaximumRetryAttempt: 5 };
      delete properties(t, "GetSecretValueLambdaFunction").Role;
      properties(t, "AuthorizerLogGroup").RetentionInDays = { days: 30 };
    });
    expect(specProblems(copy).sort()).toEqual([
      "AuthorizerLogGroup.Properties.RetentionInDays: expected type integer, not an object",
      "GetSecretValueLambdaFunction.Properties.Role: required, missing",
      "RotationEventsRule.Properties.Targets[0].RetryPolicy.MaximumRetryAttempt: not a property of this type",
    ]);
  });

  it("an unknown resource type, and references to nothing", () => {
    const copy = broken((t) => {
      t.Resources.Extra = { Type: "AWS::SQS::Queues", Properties: {} };
      properties(t, "RotationAlertsTopic").KmsMasterKeyId = { "Fn::GetAtt": ["AlertsTopicKeys", "Arn"] };
      properties(t, "OnRotationEventFailureQueuePolicy").Queues = [{ Ref: "OnRotationEventQueue" }];
      properties(t, "AuditRotationFailureQueue").QueueName = {
        "Fn::Sub": `\${AuditRotationLambdaFunction.Name}`,
      };
    });
    expect(specProblems(copy).sort()).toEqual([
      "AuditRotationFailureQueue: AWS::Lambda::Function AuditRotationLambdaFunction has no attribute Name",
      "Extra: no resource type AWS::SQS::Queues",
      "OnRotationEventFailureQueuePolicy: Ref to nothing named OnRotationEventQueue",
      "RotationAlertsTopic: GetAtt of nothing named AlertsTopicKeys",
    ]);
  });

  it("an unknown action", async () => {
    const copy = broken((t) => {
      const role = t.Resources[roleOf(t, "getSecretValue")];
      const policies = role?.Properties.Policies as {
        PolicyDocument: { Statement: { Action: string[] }[] };
      }[];
      const statement = policies[0]?.PolicyDocument.Statement.find((s) =>
        s.Action.includes("secretsmanager:GetSecretValue"),
      );
      if (statement) statement.Action = ["secretsmanager:GetSecretValues"];
      properties(t, "AlertsTopicKey").KeyPolicy = {
        Statement: [{ Effect: "Allow", Action: "kms:GenerateDataKeys*", Resource: "*" }],
      };
    });
    expect(await unknownActions(copy)).toEqual([
      "AlertsTopicKey.KeyPolicy: kms:GenerateDataKeys*",
      "GetSecretValueRole.getSecretValue: secretsmanager:GetSecretValues",
    ]);
  });
});
