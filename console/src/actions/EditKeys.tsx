/**
 * Edit keys: set or remove one key (`PATCH /value`), every other key kept, with If-Match on the version
 * loaded: a change made since then answers 412 (the answer offers to reload), a running rotation 409.
 */
import { useRef, useState } from "preact/hooks";
import { answerOf } from "../answer";
import { api } from "../api";
import { Choice } from "../parts/Choice";
import type { ActionProps } from "./action";

export function EditKeys(props: ActionProps) {
  const { shape } = props;
  const [remove, setRemove] = useState(false);
  const [busy, setBusy] = useState(false);
  const keyField = useRef<HTMLInputElement>(null);
  const valueField = useRef<HTMLInputElement>(null);
  if (shape?.kind !== "keys") return null;

  const submit = async (event: Event) => {
    event.preventDefault();
    const key = keyField.current?.value ?? "";
    const value = valueField.current?.value ?? "";
    const body = remove ? { remove: [key] } : { set: { [key]: value } };
    setBusy(true);
    const answer = await answerOf(
      api.PATCH("/secrets/{id}/value", {
        params: { path: { id: props.name }, header: { "If-Match": shape.versionId } },
        body,
      }),
    );
    setBusy(false);
    // A typed value stays in the page only until the API has answered.
    if (valueField.current) valueField.current.value = "";
    props.done(remove ? `Remove key ${key}` : `Set key ${key}`, answer);
  };

  return (
    <details class="action">
      <summary>Edit keys</summary>
      <form onSubmit={submit}>
        <p class="hint">
          Sets or removes one key; every other key is kept. Sent with If-Match <code>{shape.versionId}</code>:
          if the secret changed since you loaded it, the API refuses (412) instead of overwriting.
        </p>
        <div class="field">
          <label for="edit-key">Key</label>
          <input id="edit-key" ref={keyField} list="edit-key-names" autocomplete="off" required />
          <datalist id="edit-key-names">
            {shape.keys.map((key) => (
              <option key={key} value={key} />
            ))}
          </datalist>
        </div>
        <fieldset>
          <legend>Change</legend>
          <Choice
            id="edit-set"
            name="edit-change"
            checked={!remove}
            onChoose={() => setRemove(false)}
            label="Set it to a new value"
          />
          <Choice
            id="edit-remove"
            name="edit-change"
            checked={remove}
            onChoose={() => setRemove(true)}
            label="Remove it"
          />
        </fieldset>
        <div class="field">
          <label for="edit-value">New value</label>
          <input
            id="edit-value"
            ref={valueField}
            type="password"
            autocomplete="off"
            disabled={remove}
            required={!remove}
          />
        </div>
        <button type="submit" disabled={busy}>
          Save key
        </button>
      </form>
    </details>
  );
}
