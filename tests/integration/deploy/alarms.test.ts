/**
 * Nothing fails unwatched, in each configuration: alarms on every function's errors and throttles, on every
 * rotation function's failed steps, on the audit's findings that need action and on every queue of
 * undelivered events, all to the alerts topic; the custom-metric alarms watch exactly a metric and
 * dimension set the handlers really write (their EMF, captured by running them with the template's
 * environment); EventBridge's targets retry and keep what they cannot deliver; every log group has its
 * retention; the stage is throttled and logs every request.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { captureMetrics, type MetricRun } from "../../support/emf-capture";
import { startTestEndpoint, type TestEndpoint } from "../../support/endpoint";
import {
  type CfnResource,
  type ConfigurationName,
  packaged,
  settingsOf,
  type Template,
} from "../../support/packaged";
import { functionName, lambdaFunctions } from "../../support/template/policies";
import { ROTATION_FUNCTIONS } from "./expected-permissions";

type Dimension = { Name: string; Value: unknown };
const byType = (template: Template, type: string) =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
const logicalName = (fn: string) => `${fn[0]?.toUpperCase()}${fn.slice(1)}LambdaFunction`;

let endpoint: TestEndpoint;
beforeAll(async () => {
  endpoint = await startTestEndpoint({ schedulerIntervalMs: 0 });
});

for (const config of ["default", "full"] as ConfigurationName[]) {
  describe(`alarms and undelivered events (${config} configuration)`, () => {
    const settings = settingsOf(config);
    const namespace = settings.METRICS_NAMESPACE ?? "SecretsManagerLambdas";
    let template: Template;
    let alarms: [string, CfnResource][];
    let runs: MetricRun[];
    beforeAll(async () => {
      template = (await packaged(config)).template;
      alarms = byType(template, "AWS::CloudWatch::Alarm");
      runs = await captureMetrics(template, endpoint, [
        `${settings.SECRETS_PREFIX ?? "app/"}alarms/${config}`,
      ]);
    }, 180_000);

    const alarmOn = (metric: string, dimensions: Dimension[]) =>
      alarms.filter(
        ([, alarm]) =>
          alarm.Properties.MetricName === metric &&
          JSON.stringify(alarm.Properties.Dimensions) === JSON.stringify(dimensions),
      );

    it("alarms on every function's errors and throttles", () => {
      const functions = Object.keys(lambdaFunctions(template));
      for (const id of functions) {
        for (const metric of ["Errors", "Throttles"]) {
          const found = alarmOn(metric, [{ Name: "FunctionName", Value: { Ref: id } }]);
          expect(
            found.map(([, alarm]) => alarm.Properties.Namespace),
            `${id} ${metric}`,
          ).toEqual(["AWS/Lambda"]);
        }
      }
    });

    it("alarms on each rotation function's failed steps and the audit's overdue, stuck and disabled findings", () => {
      const custom = alarms.filter(([, alarm]) => alarm.Properties.Namespace === namespace);
      const watched = custom.map(
        ([, alarm]) => `${alarm.Properties.MetricName} ${JSON.stringify(alarm.Properties.Dimensions)}`,
      );
      const kebab = (fn: string) =>
        fn.replace(/^rotation/, "").replace(/[A-Z]/g, (c, at) => `${at ? "-" : ""}${c.toLowerCase()}`);
      expect(watched.sort()).toEqual(
        [
          ...ROTATION_FUNCTIONS.map(
            (fn) => `RotationStepFailed [{"Name":"service","Value":"rotation-${kebab(fn)}"}]`,
          ),
          ...["RotationOverdue", "RotationStuck", "RotationDisabled"].map(
            (metric) => `${metric} [{"Name":"service","Value":"audit-rotation"}]`,
          ),
        ].sort(),
      );
    });

    it("watches in each custom-metric alarm a metric and dimension set the handlers write (their EMF)", () => {
      const custom = alarms.filter(([, alarm]) => alarm.Properties.Namespace === namespace);
      expect(custom.length).toBeGreaterThan(0);
      const documents = runs.flatMap((run) => run.documents);
      for (const [id, alarm] of custom) {
        const dimensions = alarm.Properties.Dimensions as Dimension[];
        const names = dimensions.map((dimension) => dimension.Name).sort();
        const emitted = documents.some(
          (document) =>
            document.namespace === alarm.Properties.Namespace &&
            document.metrics.includes(String(alarm.Properties.MetricName)) &&
            document.dimensionSets.some((set) => JSON.stringify([...set].sort()) === JSON.stringify(names)) &&
            dimensions.every((dimension) => document.fields[dimension.Name] === dimension.Value),
        );
        expect(
          emitted,
          `${id}: ${alarm.Properties.MetricName} ${JSON.stringify(dimensions)} in ${namespace}`,
        ).toBe(true);
      }
    });

    it("has an alarm on each queue of undelivered events, and each such function's events end in one", () => {
      const queues = byType(template, "AWS::SQS::Queue").map(([id]) => id);
      expect(queues.sort()).toEqual(["AuditRotationFailureQueue", "OnRotationEventFailureQueue"]);
      for (const queue of queues) {
        const found = alarmOn("ApproximateNumberOfMessagesVisible", [
          { Name: "QueueName", Value: { "Fn::GetAtt": [queue, "QueueName"] } },
        ]);
        expect(found, queue).toHaveLength(1);
        expect(found[0]?.[1].Properties).toMatchObject({
          Namespace: "AWS/SQS",
          Threshold: 0,
          ComparisonOperator: "GreaterThanThreshold",
        });
      }
      for (const [fn, queue, rule] of [
        ["onRotationEvent", "OnRotationEventFailureQueue", "RotationEventsRule"],
        ["auditRotation", "AuditRotationFailureQueue", "AuditRotationEventsRuleSchedule1"],
      ] as const) {
        // EventBridge: retried for an hour, then kept in the queue.
        const targets = template.Resources[rule]?.Properties.Targets as Record<string, unknown>[];
        expect(targets, rule).toEqual([
          expect.objectContaining({
            Arn: { "Fn::GetAtt": [logicalName(fn), "Arn"] },
            RetryPolicy: { MaximumRetryAttempts: 50, MaximumEventAgeInSeconds: 3600 },
            DeadLetterConfig: { Arn: { "Fn::GetAtt": [queue, "Arn"] } },
          }),
        ]);
        // Lambda's asynchronous invocation: retried twice, then sent to the same queue.
        const invokeConfig = byType(template, "AWS::Lambda::EventInvokeConfig").find(
          ([, resource]) =>
            JSON.stringify(resource.Properties.FunctionName) === JSON.stringify({ Ref: logicalName(fn) }),
        );
        expect(invokeConfig?.[1].Properties, fn).toMatchObject({
          MaximumRetryAttempts: 2,
          DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [queue, "Arn"] } } },
        });
        // EventBridge may write to the queue for that rule only.
        const policy = byType(template, "AWS::SQS::QueuePolicy").find(([, resource]) =>
          JSON.stringify(resource.Properties.Queues).includes(queue),
        );
        expect(JSON.stringify(policy?.[1].Properties.PolicyDocument)).toContain(
          JSON.stringify({ ArnEquals: { "aws:SourceArn": { "Fn::GetAtt": [rule, "Arn"] } } }),
        );
      }
    });

    it("publishes every alarm to the alerts topic (and the extra topic when set), which CloudWatch may use", () => {
      const extra = settings.ALARM_TOPIC_ARN;
      for (const [id, alarm] of alarms) {
        expect(alarm.Properties.AlarmActions, id).toEqual([
          { Ref: "RotationAlertsTopic" },
          ...(extra ? [extra] : []),
        ]);
        expect(alarm.Properties.TreatMissingData, id).toBe("notBreaching");
        expect(String(alarm.Properties.AlarmName), id).toMatch(/^secrets-manager-lambdas-dev-/);
      }
      // CloudWatch cannot publish to a topic under SNS's AWS managed key: the topic has its own key, whose
      // policy lets this stage's alarms use it.
      expect(template.Resources.RotationAlertsTopic?.Properties.KmsMasterKeyId).toEqual({
        "Fn::GetAtt": ["AlertsTopicKey", "Arn"],
      });
      const keyPolicy = JSON.stringify(template.Resources.AlertsTopicKey?.Properties.KeyPolicy);
      expect(keyPolicy).toContain('"Principal":{"Service":"cloudwatch.amazonaws.com"}');
      expect(keyPolicy).toContain("alarm:secrets-manager-lambdas-dev-*");
      const subscriptions = byType(template, "AWS::SNS::Subscription").map(
        ([, resource]) => resource.Properties,
      );
      expect(subscriptions).toEqual(
        settings.ALARM_EMAIL
          ? [{ TopicArn: { Ref: "RotationAlertsTopic" }, Protocol: "email", Endpoint: settings.ALARM_EMAIL }]
          : [],
      );
    });

    it("keeps every log group for the configured days, the HTTP API's access log included", () => {
      const days = Number(settings.LOG_RETENTION_DAYS ?? 30);
      const groups = byType(template, "AWS::Logs::LogGroup");
      for (const [id, group] of groups) expect(group.Properties.RetentionInDays, id).toBe(days);
      const names = groups.map(([, group]) => group.Properties.LogGroupName);
      for (const [id, fn] of Object.entries(lambdaFunctions(template))) {
        expect(names, id).toContain(`/aws/lambda/${fn.Properties.FunctionName}`);
      }
      expect(groups.map(([id]) => id)).toContain("HttpApiLogGroup");
    });

    it("throttles the stage and writes one JSON access-log line per request, with the API client", () => {
      const stage = template.Resources.HttpApiStage?.Properties as Record<string, Record<string, unknown>>;
      expect(stage.DefaultRouteSettings).toMatchObject({
        ThrottlingRateLimit: Number(settings.API_THROTTLE_RATE_LIMIT ?? 50),
        ThrottlingBurstLimit: Number(settings.API_THROTTLE_BURST_LIMIT ?? 100),
      });
      const format = JSON.parse(String(stage.AccessLogSettings?.Format));
      expect(format).toMatchObject({
        requestId: "$context.requestId",
        status: "$context.status",
        clientId: "$context.authorizer.clientId",
      });
      expect(stage.AccessLogSettings?.DestinationArn).toEqual({ "Fn::GetAtt": ["HttpApiLogGroup", "Arn"] });
    });

    it("lets browsers call the API only from CONSOLE_ORIGINS, with If-Match and Authorization", () => {
      const cors = template.Resources.HttpApi?.Properties.CorsConfiguration as
        | Record<string, unknown>
        | undefined;
      if (!settings.CONSOLE_ORIGINS) {
        expect(cors).toBeUndefined();
        return;
      }
      expect(cors).toMatchObject({
        AllowOrigins: settings.CONSOLE_ORIGINS.split(","),
        AllowHeaders: expect.arrayContaining(["Authorization", "If-Match"]),
        ExposeHeaders: ["ETag", "Retry-After"],
      });
      expect(cors?.AllowCredentials).toBeUndefined();
    });

    it("lets Secrets Manager invoke a rotation function only for the secrets it rotates, from this account", () => {
      const permissions = byType(template, "AWS::Lambda::Permission").filter(
        ([, permission]) => permission.Properties.Principal === "secretsmanager.amazonaws.com",
      );
      const prefix = settings.SECRETS_PREFIX ?? "app/";
      const secretArn = (pattern: string) => ({
        "Fn::Sub": `arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:${pattern}`,
      });
      const grants = permissions.map(([, permission]) => {
        expect(permission.Properties.SourceAccount).toEqual({ Ref: "AWS::AccountId" });
        const target = (permission.Properties.FunctionName as { "Fn::GetAtt": [string] })["Fn::GetAtt"][0];
        return `${functionName(target)} ${JSON.stringify(permission.Properties.SourceArn)}`;
      });
      expect(grants.sort()).toEqual(
        [
          ...ROTATION_FUNCTIONS.map((fn) => `${fn} ${JSON.stringify(secretArn(`${prefix}*`))}`),
          `rotationGeneric ${JSON.stringify(secretArn("secrets-api/*"))}`,
        ].sort(),
      );
    });
  });
}
