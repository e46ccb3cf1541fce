/**
 * Delete: schedule the deletion after a recovery window of 7-30 days (restorable until then), or delete
 * at once without recovery, which needs the secret's name typed to confirm.
 */
import { useState } from "preact/hooks";
import { answerOf } from "../answer";
import { api } from "../api";
import { Choice } from "../parts/Choice";
import type { ActionProps } from "./action";

export function DeleteSecret(props: ActionProps) {
  const [force, setForce] = useState(false);
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  if (props.secret.deletedDate) return null;

  const submit = async (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const query = force ? { force: true } : { recoveryWindowInDays: Number(data.get("recovery-days")) };
    setBusy(true);
    const answer = await answerOf(
      api.DELETE("/secrets/{id}", { params: { path: { id: props.name }, query } }),
    );
    setBusy(false);
    props.done(force ? "Delete now" : "Schedule deletion", answer, { gone: answer.ok && force });
  };

  return (
    <details class="action">
      <summary>Delete</summary>
      <form onSubmit={submit}>
        <fieldset>
          <legend>How</legend>
          <Choice
            id="delete-window"
            name="delete-how"
            checked={!force}
            onChoose={() => setForce(false)}
            label="After a recovery window (it can be restored until then)"
          />
          <div class="field">
            <label for="delete-days">Recovery window in days (7-30)</label>
            <input
              id="delete-days"
              name="recovery-days"
              type="number"
              min={7}
              max={30}
              defaultValue="30"
              disabled={force}
              required={!force}
            />
          </div>
          <Choice
            id="delete-force"
            name="delete-how"
            checked={force}
            onChoose={() => setForce(true)}
            label="Now, without recovery"
          />
          {force && (
            <div class="field">
              <label for="delete-confirm">Type the secret's name to confirm</label>
              <input
                id="delete-confirm"
                autocomplete="off"
                value={typed}
                onInput={(event) => setTyped((event.currentTarget as HTMLInputElement).value)}
              />
            </div>
          )}
        </fieldset>
        <button type="submit" class="danger" disabled={busy || (force && typed !== props.name)}>
          {force ? "Delete now" : "Schedule deletion"}
        </button>
      </form>
    </details>
  );
}
