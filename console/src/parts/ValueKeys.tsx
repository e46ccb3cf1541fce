/**
 * The value, masked: one row per key (or one for a text or binary value). A key is fetched only when it
 * is revealed or copied (`GET /value?key=K` of the version loaded), one at a time, and hidden again after
 * 30 s; a copied key is cleared from the clipboard after 30 s.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { type Answer, answerOf } from "../answer";
import { api } from "../api";
import { copyForAWhile } from "../clipboard";
import { REVEAL_MS } from "../timings";
import { revealedText, type ValueShape } from "../value-shape";
import type { Outcome } from "./AnswerView";

/** A row's name: the key, or what the whole value is. */
function rowsOf(shape: ValueShape): { key?: string; label: string }[] {
  if (shape.kind === "keys") return shape.keys.map((key) => ({ key, label: key }));
  return [{ label: shape.kind === "text" ? "(text value)" : "(binary value, base64)" }];
}

async function fetchOne(name: string, shape: ValueShape, key: string | undefined): Promise<Answer<string>> {
  const query = key === undefined ? { versionId: shape.versionId } : { key, versionId: shape.versionId };
  const answer = await answerOf(api.GET("/secrets/{id}/value", { params: { path: { id: name }, query } }));
  if (!answer.ok) return answer;
  const text = shape.kind === "binary" ? (answer.data.secretBinary ?? "") : revealedText(answer.data.value);
  return { ok: true, status: answer.status, data: text };
}

export function ValueKeys(props: {
  name: string;
  shape: ValueShape;
  canRead: boolean;
  report(outcome: Outcome): void;
}) {
  const { name, shape } = props;
  const [revealed, setRevealed] = useState<{ label: string; text: string }>();
  const [copied, setCopied] = useState<string>();
  const hideTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // Hidden again REVEAL_MS after it is shown; revealing another key restarts the clock for that one. The
  // timer starts with the value itself, not in an effect run after the next paint, so no paint delay
  // lengthens the time a value is on screen.
  const hide = () => {
    clearTimeout(hideTimer.current);
    setRevealed(undefined);
  };
  useEffect(() => () => clearTimeout(hideTimer.current), []);

  const reveal = async (row: { key?: string; label: string }) => {
    hide();
    const answer = await fetchOne(name, shape, row.key);
    if (!answer.ok) return props.report({ action: `Reveal ${row.label}`, answer });
    setRevealed({ label: row.label, text: answer.data });
    hideTimer.current = setTimeout(hide, REVEAL_MS);
  };
  const copy = async (row: { key?: string; label: string }) => {
    const answer = await fetchOne(name, shape, row.key);
    if (!answer.ok) return props.report({ action: `Copy ${row.label}`, answer });
    const done = await copyForAWhile(answer.data);
    setCopied(
      done
        ? `Copied ${row.label}: the clipboard is cleared in 30 s.`
        : `The browser did not let the console copy ${row.label}.`,
    );
  };

  return (
    <section aria-labelledby="value-title">
      <h2 id="value-title">Value</h2>
      <p class="hint">
        Version <code>{shape.versionId}</code>. Each key is fetched only when you reveal or copy it, and
        hidden again after 30 s.
      </p>
      <table class="keys">
        <caption class="visually-hidden">Keys of the value, masked</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Value</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rowsOf(shape).map((row) => (
            <tr key={row.label} data-key={row.label}>
              <th scope="row">
                <code>{row.label}</code>
              </th>
              <td>
                {revealed?.label === row.label ? (
                  <code class="revealed" data-testid="revealed-value">
                    {revealed.text}
                  </code>
                ) : (
                  <span class="masked">
                    <span aria-hidden="true">••••••••</span>
                    <span class="visually-hidden">hidden</span>
                  </span>
                )}
              </td>
              <td class="row-actions">
                {props.canRead &&
                  (revealed?.label === row.label ? (
                    <button type="button" onClick={hide}>
                      Hide<span class="visually-hidden"> {row.label}</span>
                    </button>
                  ) : (
                    <button type="button" onClick={() => void reveal(row)}>
                      Reveal<span class="visually-hidden"> {row.label}</span>
                    </button>
                  ))}
                {props.canRead && (
                  <button type="button" onClick={() => void copy(row)}>
                    Copy<span class="visually-hidden"> {row.label}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p role="status" class="hint">
        {copied}
      </p>
    </section>
  );
}
