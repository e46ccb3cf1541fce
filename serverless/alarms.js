// The alarms, all publishing to the rotation alerts topic (and to ALARM_TOPIC_ARN when set):
// - every function's Errors and Throttles (AWS/Lambda);
// - every rotation function's RotationStepFailed, as shared/rotation/engine.ts emits it (EMF, dimension
//   `service` = `rotation-<strategy>`; shared/observability/metrics.ts also publishes each metric under its
//   service alone, which is the dimension set alarmed on);
// - the audit's findings that need action: RotationOverdue, RotationStuck, RotationDisabled (rotation off
//   where required), dimension `service` = `audit-rotation` (shared/audit/report.ts);
// - each undelivered-event queue (the functions' `destinations.onFailure`) holding any message.
// tests/integration/deploy/alarms.test.ts checks each custom-metric alarm against the EMF the handlers write.
// ALARM_EMAIL subscribes an address to the topic.
"use strict";

const {
  capitalized,
  declaredFunctions,
  functionLogicalId,
  isRotationFunction,
} = require("./cloudformation.js");
const { readDeployment } = require("./settings.js");

/** The audit's metrics that call for someone to act, by the finding they count. */
const AUDIT_FINDING_ALARMS = {
  RotationOverdue: "overdue",
  RotationStuck: "stuck",
  RotationDisabled: "disabled",
};

/** The EMF `service` of a rotation function's engine: `rotationPostgresSingleUser` -> `rotation-postgres-single-user`. */
const rotationMetricService = (name) =>
  `rotation-${name.replace(/^rotation/, "").replace(/[A-Z]/g, (letter, at) => `${at === 0 ? "" : "-"}${letter.toLowerCase()}`)}`;

function alarm(deployment, suffix, description, metric) {
  const actions = [
    { Ref: "RotationAlertsTopic" },
    ...(deployment.settings.alarmTopicArn ? [deployment.settings.alarmTopicArn] : []),
  ];
  return {
    Type: "AWS::CloudWatch::Alarm",
    Properties: {
      AlarmName: `${deployment.service}-${deployment.stage}-${suffix}`,
      AlarmDescription: description,
      Namespace: metric.namespace,
      MetricName: metric.name,
      Dimensions: Object.entries(metric.dimensions).map(([Name, Value]) => ({ Name, Value })),
      Statistic: metric.statistic ?? "Sum",
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      // No data is no failure: a function not invoked, an audit between its daily runs.
      TreatMissingData: "notBreaching",
      AlarmActions: actions,
    },
  };
}

function buildAlarms(deployment, functions) {
  const namespace = deployment.settings.metricsNamespace;
  const resources = {};
  for (const [name, definition] of Object.entries(functions)) {
    const id = capitalized(name);
    const lambda = (metricName) => ({
      namespace: "AWS/Lambda",
      name: metricName,
      dimensions: { FunctionName: { Ref: functionLogicalId(name) } },
    });
    resources[`${id}ErrorsAlarm`] = alarm(deployment, `${name}-errors`, `${name} failed`, lambda("Errors"));
    resources[`${id}ThrottlesAlarm`] = alarm(
      deployment,
      `${name}-throttles`,
      `${name} was throttled`,
      lambda("Throttles"),
    );
    if (isRotationFunction(definition)) {
      resources[`${id}StepFailedAlarm`] = alarm(
        deployment,
        `${name}-step-failed`,
        `A rotation step of ${name} failed`,
        {
          namespace,
          name: "RotationStepFailed",
          dimensions: { service: rotationMetricService(name) },
        },
      );
    }
    const queue = definition.destinations?.onFailure?.arn?.["Fn::GetAtt"]?.[0];
    if (queue) {
      resources[`${queue}Alarm`] = alarm(
        deployment,
        `${name}-undelivered`,
        `Events for ${name} were not handled (${queue})`,
        {
          namespace: "AWS/SQS",
          name: "ApproximateNumberOfMessagesVisible",
          dimensions: { QueueName: { "Fn::GetAtt": [queue, "QueueName"] } },
          statistic: "Maximum",
        },
      );
    }
  }
  if (functions.auditRotation) {
    for (const [metricName, finding] of Object.entries(AUDIT_FINDING_ALARMS)) {
      resources[`Audit${metricName}Alarm`] = alarm(
        deployment,
        `audit-${finding}`,
        `The rotation audit found secrets ${finding} (${metricName}); its log report names them`,
        { namespace, name: metricName, dimensions: { service: "audit-rotation" } },
      );
    }
  }
  if (deployment.settings.alarmEmail) {
    resources.AlarmEmailSubscription = {
      Type: "AWS::SNS::Subscription",
      Properties: {
        TopicArn: { Ref: "RotationAlertsTopic" },
        Protocol: "email",
        Endpoint: deployment.settings.alarmEmail,
      },
    };
  }
  return resources;
}

module.exports = async ({ resolveVariable, resolveConfigurationProperty }) => {
  const deployment = await readDeployment(resolveVariable);
  const functions = declaredFunctions(await resolveConfigurationProperty(["functions"]));
  return { Resources: buildAlarms(deployment, functions) };
};
