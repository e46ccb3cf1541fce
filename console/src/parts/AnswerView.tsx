/**
 * The API's answer to the last action: its status and code, and either the answer's body (the write
 * routes answer metadata only: version ids, key names, dates) or what the failure means.
 */
import { useEffect, useRef } from "preact/hooks";
import { type Answer, failureText } from "../answer";

/** One action and what the API answered to it. */
export interface Outcome {
  action: string;
  answer: Answer<unknown>;
}

export function AnswerView(props: { outcome?: Outcome; onReload?: () => void }) {
  const { outcome } = props;
  const region = useRef<HTMLDivElement>(null);
  // An action's form may be far below: bring its answer into view (it is also announced: role=status).
  useEffect(() => {
    if (outcome) region.current?.scrollIntoView?.({ block: "nearest" });
  }, [outcome]);
  return (
    <div class="answer-region" role="status" ref={region}>
      {outcome && (
        <div class={outcome.answer.ok ? "answer ok" : "answer failed"} data-testid="answer">
          <p class="answer-status">
            {outcome.action}: <strong>HTTP {outcome.answer.status || "(none)"}</strong>
            {!outcome.answer.ok && (
              <>
                {" · "}
                <code data-testid="answer-code">{outcome.answer.code}</code>
              </>
            )}
          </p>
          {outcome.answer.ok ? (
            outcome.answer.data !== undefined && <pre>{JSON.stringify(outcome.answer.data, null, 2)}</pre>
          ) : (
            <p>{failureText(outcome.answer)}</p>
          )}
          {!outcome.answer.ok && outcome.answer.status === 412 && props.onReload && (
            <button type="button" onClick={props.onReload}>
              Reload the secret
            </button>
          )}
        </div>
      )}
    </div>
  );
}
