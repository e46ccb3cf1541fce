/**
 * Rotate now, or only set the schedule (`POST /rotate`): the rotation function (one of the build's list,
 * or an ARN typed; empty keeps the current one) and the rules (every N days, or a schedule expression,
 * and the window). The API allows only its own rotation functions and says so when refused.
 */
import { useState } from "preact/hooks";
import { answerOf } from "../answer";
import { api } from "../api";
import { config } from "../config";
import { functionName } from "../format";
import type { ActionProps } from "./action";

function rulesFrom(data: FormData) {
  const days = String(data.get("rotation-days") ?? "").trim();
  const expression = String(data.get("rotation-expression") ?? "").trim();
  const duration = String(data.get("rotation-duration") ?? "").trim();
  const rules = {
    ...(days ? { automaticallyAfterDays: Number(days) } : {}),
    ...(expression ? { scheduleExpression: expression } : {}),
    ...(duration ? { duration } : {}),
  };
  return Object.keys(rules).length ? rules : undefined;
}

export function Rotation(props: ActionProps) {
  const [busy, setBusy] = useState(false);
  const current = props.secret.rotationLambdaArn;
  const choices = config.rotationFunctionArns;

  const send = async (form: HTMLFormElement, now: boolean) => {
    const data = new FormData(form);
    const arn = String(data.get("rotation-function") ?? "").trim();
    const rotationRules = rulesFrom(data);
    const body = {
      ...(now ? {} : { rotateImmediately: false }),
      ...(arn ? { rotationLambdaArn: arn } : {}),
      ...(rotationRules ? { rotationRules } : {}),
    };
    setBusy(true);
    const answer = await answerOf(
      api.POST("/secrets/{id}/rotate", { params: { path: { id: props.name } }, body }),
    );
    setBusy(false);
    const started =
      answer.ok && answer.status === 202 ? (answer.data as { versionId?: string }).versionId : undefined;
    props.done(now ? "Rotate now" : "Set the rotation schedule", answer, { awaitVersion: started });
  };

  return (
    <details class="action">
      <summary>Rotation</summary>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void send(event.currentTarget as HTMLFormElement, true);
        }}
      >
        <div class="field">
          <label for="rotation-function">Rotation function</label>
          {choices.length > 0 ? (
            <select id="rotation-function" name="rotation-function">
              <option value="">Keep the current one ({functionName(current) || "none"})</option>
              {choices.map((arn) => (
                <option key={arn} value={arn}>
                  {functionName(arn)}
                </option>
              ))}
            </select>
          ) : (
            <input
              id="rotation-function"
              name="rotation-function"
              autocomplete="off"
              aria-describedby="rotation-function-hint"
            />
          )}
          {choices.length === 0 && (
            <p id="rotation-function-hint" class="hint">
              A rotation function's ARN; empty keeps the current one ({functionName(current) || "none"}).
            </p>
          )}
        </div>
        <fieldset>
          <legend>Schedule (empty keeps the current one)</legend>
          <div class="field">
            <label for="rotation-days">Every how many days (1-1000)</label>
            <input id="rotation-days" name="rotation-days" type="number" min={1} max={1000} />
          </div>
          <div class="field">
            <label for="rotation-expression">Or a schedule expression</label>
            <input
              id="rotation-expression"
              name="rotation-expression"
              autocomplete="off"
              placeholder="rate(10 days)"
            />
          </div>
          <div class="field">
            <label for="rotation-duration">Window (duration)</label>
            <input id="rotation-duration" name="rotation-duration" autocomplete="off" placeholder="3h" />
          </div>
        </fieldset>
        <button type="submit" disabled={busy}>
          Rotate now
        </button>{" "}
        <button
          type="button"
          disabled={busy}
          onClick={(event) => {
            const form = (event.currentTarget as HTMLButtonElement).form;
            if (form) void send(form, false);
          }}
        >
          Set the schedule only
        </button>
      </form>
    </details>
  );
}
