/**
 * Replace the whole value (`PUT /value`, If-Match on the version loaded), after the seed's warning: every
 * key not given here is removed. Keys and values, or one plain-text value.
 */
import { useState } from "preact/hooks";
import { answerOf } from "../answer";
import { api } from "../api";
import { Choice } from "../parts/Choice";
import type { ActionProps } from "./action";

interface Row {
  id: number;
}

export function ReplaceValue(props: ActionProps) {
  const [plain, setPlain] = useState(props.shape?.kind === "text");
  const [rows, setRows] = useState<Row[]>([{ id: 1 }]);
  const [busy, setBusy] = useState(false);
  const { shape } = props;
  if (!shape || shape.kind === "binary") return null;

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    let value: string | Record<string, string>;
    if (plain) {
      value = String(data.get("replace-text") ?? "");
    } else {
      value = {};
      for (const row of rows) {
        const key = String(data.get(`replace-key-${row.id}`) ?? "");
        if (key !== "") value[key] = String(data.get(`replace-value-${row.id}`) ?? "");
      }
    }
    setBusy(true);
    const answer = await answerOf(
      api.PUT("/secrets/{id}/value", {
        params: { path: { id: props.name }, header: { "If-Match": shape.versionId } },
        body: { value },
      }),
    );
    setBusy(false);
    // Typed values stay in the page only until the API has answered.
    form.reset();
    props.done("Replace the whole value", answer);
  };

  return (
    <details class="action">
      <summary>Replace the whole value</summary>
      <form onSubmit={submit}>
        <p class="warning" id="replace-warning">
          <strong>Every key not given here is removed.</strong> The new value replaces the old one whole, as
          the seed's put does. To change some keys and keep the others, use Edit keys.
        </p>
        <fieldset>
          <legend>Kind of value</legend>
          <Choice
            id="replace-keys"
            name="replace-kind"
            checked={!plain}
            onChoose={() => setPlain(false)}
            label="Keys and values (a JSON object)"
          />
          <Choice
            id="replace-plain"
            name="replace-kind"
            checked={plain}
            onChoose={() => setPlain(true)}
            label="Plain text"
          />
        </fieldset>
        {plain ? (
          <div class="field">
            <label for="replace-text">Text</label>
            <input id="replace-text" name="replace-text" type="password" autocomplete="off" required />
          </div>
        ) : (
          rows.map((row, index) => (
            <div class="row" key={row.id}>
              <div class="field">
                <label for={`replace-key-${row.id}`}>Key {index + 1}</label>
                <input
                  id={`replace-key-${row.id}`}
                  name={`replace-key-${row.id}`}
                  autocomplete="off"
                  required
                />
              </div>
              <div class="field">
                <label for={`replace-value-${row.id}`}>Value {index + 1}</label>
                <input
                  id={`replace-value-${row.id}`}
                  name={`replace-value-${row.id}`}
                  type="password"
                  autocomplete="off"
                />
              </div>
              {rows.length > 1 && (
                <button type="button" onClick={() => setRows(rows.filter((other) => other.id !== row.id))}>
                  Remove key {index + 1}
                </button>
              )}
            </div>
          ))
        )}
        {!plain && (
          <button
            type="button"
            onClick={() => setRows([...rows, { id: Math.max(...rows.map((r) => r.id)) + 1 }])}
          >
            Add a key
          </button>
        )}
        <div class="field check">
          <input id="replace-confirm" type="checkbox" required aria-describedby="replace-warning" />
          <label for="replace-confirm">I understand that every other key is removed</label>
        </div>
        <button type="submit" disabled={busy}>
          Replace value
        </button>
      </form>
    </details>
  );
}
