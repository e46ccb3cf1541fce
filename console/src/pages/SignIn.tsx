/** Sign in with an API client's token. The token is read from the field only when the form is sent. */
import { useRef, useState } from "preact/hooks";
import { failureText } from "../answer";
import { signIn } from "../api";
import { config } from "../config";
import type { Permissions } from "../permissions";

export function SignIn(props: { notice?: string; onSignedIn(permissions: Permissions): void }) {
  const field = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  const submit = async (event: Event) => {
    event.preventDefault();
    const candidate = field.current?.value.trim() ?? "";
    if (!candidate) return setFailure("Give a token.");
    setBusy(true);
    setFailure(undefined);
    const answer = await signIn(candidate);
    setBusy(false);
    if (!answer.ok)
      return setFailure(`${failureText(answer)} (${answer.status || "no answer"} ${answer.code})`);
    if (field.current) field.current.value = "";
    props.onSignedIn(answer.data);
  };

  return (
    <main id="main" class="sign-in">
      <h1>Secrets console</h1>
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h2 id="sign-in-title">Sign in</h2>
        <p>
          API: <code>{config.apiUrl}</code>
        </p>
        {props.notice && <p role="status">{props.notice}</p>}
        <label for="token">API token</label>
        <input
          id="token"
          ref={field}
          type="password"
          autocomplete="off"
          spellcheck={false}
          aria-describedby="token-hint"
          required
        />
        <p id="token-hint" class="hint">
          Kept in this tab's memory only: forgotten when you sign out, reload, or leave the console unused for
          15 minutes.
        </p>
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        {failure && <p role="alert">{failure}</p>}
      </form>
    </main>
  );
}
