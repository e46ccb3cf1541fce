/** Update the description and tags (`PATCH /secrets/{id}`): a new description, tags to add, tags to remove. */
import { useState } from "preact/hooks";
import { answerOf } from "../answer";
import { api } from "../api";
import type { ActionProps } from "./action";

export function DescriptionTags(props: ActionProps) {
  const [busy, setBusy] = useState(false);
  const [nothing, setNothing] = useState(false);
  const tags = Object.entries(props.secret.tags ?? {});

  const submit = async (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const description = String(data.get("description") ?? "");
    const addKey = String(data.get("tag-key") ?? "").trim();
    const removeTags = tags.map(([key]) => key).filter((key) => data.get(`remove-tag-${key}`) === "on");
    const body = {
      ...(description !== (props.secret.description ?? "") ? { description } : {}),
      ...(addKey ? { addTags: { [addKey]: String(data.get("tag-value") ?? "") } } : {}),
      ...(removeTags.length ? { removeTags } : {}),
    };
    setNothing(Object.keys(body).length === 0);
    if (Object.keys(body).length === 0) return;
    setBusy(true);
    const answer = await answerOf(api.PATCH("/secrets/{id}", { params: { path: { id: props.name } }, body }));
    setBusy(false);
    props.done("Update description and tags", answer);
  };

  return (
    <details class="action">
      <summary>Description and tags</summary>
      <form onSubmit={submit}>
        <div class="field">
          <label for="meta-description">Description</label>
          <textarea
            id="meta-description"
            name="description"
            maxLength={2048}
            rows={2}
            defaultValue={props.secret.description ?? ""}
          />
        </div>
        {tags.length > 0 && (
          <fieldset>
            <legend>Tags to remove</legend>
            {tags.map(([key, value]) => (
              <div class="field check" key={key}>
                <input id={`remove-tag-${key}`} name={`remove-tag-${key}`} type="checkbox" />
                <label for={`remove-tag-${key}`}>
                  {key} = {value}
                </label>
              </div>
            ))}
          </fieldset>
        )}
        <fieldset>
          <legend>Tag to add or change</legend>
          <div class="field">
            <label for="meta-tag-key">Tag key</label>
            <input id="meta-tag-key" name="tag-key" autocomplete="off" maxLength={128} />
          </div>
          <div class="field">
            <label for="meta-tag-value">Tag value</label>
            <input id="meta-tag-value" name="tag-value" autocomplete="off" maxLength={256} />
          </div>
        </fieldset>
        <button type="submit" disabled={busy}>
          Save description and tags
        </button>
        {nothing && <p role="status">Nothing to change.</p>}
      </form>
    </details>
  );
}
