/** A secret's metadata and its rotation settings, as `GET /secrets/{id}` answers them. */
import type { ApiSchema } from "../../../client";
import { formatDate, functionName } from "../format";

type Secret = ApiSchema<"SecretDescription">;

function DateValue(props: { iso?: string }) {
  return props.iso ? <time dateTime={props.iso}>{formatDate(props.iso)}</time> : <>never</>;
}

/** `rotationRules` as one line: every N days, or the schedule expression, and the window. */
export function scheduleText(rules: Record<string, unknown> | undefined): string {
  if (!rules) return "none";
  const { automaticallyAfterDays, scheduleExpression, duration } = rules;
  const parts: string[] = [];
  if (typeof automaticallyAfterDays === "number") parts.push(`every ${automaticallyAfterDays} days`);
  if (typeof scheduleExpression === "string") parts.push(scheduleExpression);
  if (typeof duration === "string") parts.push(`within ${duration}`);
  return parts.join(", ") || "none";
}

export function SecretDetails(props: { secret: Secret }) {
  const { secret } = props;
  const tags = Object.entries(secret.tags ?? {});
  return (
    <section aria-labelledby="details-title">
      <h2 id="details-title">Details</h2>
      <dl class="facts">
        <dt>Description</dt>
        <dd data-testid="description">{secret.description || "none"}</dd>
        <dt>Tags</dt>
        <dd>
          {tags.length === 0 ? (
            "none"
          ) : (
            <ul class="tags" aria-label="Tags">
              {tags.map(([key, value]) => (
                <li key={key}>
                  <code>{key}</code> = <code>{value}</code>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>ARN</dt>
        <dd>
          <code>{secret.arn}</code>
        </dd>
        <dt>Created</dt>
        <dd>
          <DateValue iso={secret.createdDate} />
        </dd>
        <dt>Last changed</dt>
        <dd>
          <DateValue iso={secret.lastChangedDate} />
        </dd>
        <dt>Last accessed</dt>
        <dd>
          <DateValue iso={secret.lastAccessedDate} />
        </dd>
        {secret.kmsKeyId && (
          <>
            <dt>KMS key</dt>
            <dd>
              <code>{secret.kmsKeyId}</code>
            </dd>
          </>
        )}
      </dl>
      <h2 id="rotation-title">Rotation</h2>
      <dl class="facts" aria-labelledby="rotation-title">
        <dt>Enabled</dt>
        <dd data-testid="rotation-enabled">{secret.rotationEnabled ? "yes" : "no"}</dd>
        <dt>Function</dt>
        <dd>{secret.rotationLambdaArn ? <code>{functionName(secret.rotationLambdaArn)}</code> : "none"}</dd>
        <dt>Schedule</dt>
        <dd data-testid="rotation-schedule">{scheduleText(secret.rotationRules)}</dd>
        <dt>Last rotated</dt>
        <dd>
          <DateValue iso={secret.lastRotatedDate} />
        </dd>
        <dt>Next rotation</dt>
        <dd>{secret.nextRotationDate ? <DateValue iso={secret.nextRotationDate} /> : "not scheduled"}</dd>
      </dl>
    </section>
  );
}
