/**
 * The console: the sign-in page until a token is accepted, then the list (`#/`) or one secret
 * (`#/secret/<name>`). Signing out (the button, 15 minutes without use, or a 401 from the API) forgets
 * the token and everything loaded with it.
 */
import { useCallback, useEffect, useState } from "preact/hooks";
import { forgetToken, whenUnauthorized } from "./api";
import { clearClipboard } from "./clipboard";
import { config } from "./config";
import { useIdleSignOut } from "./idle";
import { SecretList } from "./pages/SecretList";
import { SecretPage } from "./pages/SecretPage";
import { SignIn } from "./pages/SignIn";
import type { Permissions } from "./permissions";
import { LIST_HREF, parseRoute, type Route } from "./route";

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(location.hash));
    window.addEventListener("hashchange", changed);
    // The fragment may have changed between the first render and this effect (which runs later).
    changed();
    return () => window.removeEventListener("hashchange", changed);
  }, []);
  return route;
}

export function App() {
  const [permissions, setPermissions] = useState<Permissions>();
  const [notice, setNotice] = useState<string>();
  const route = useRoute();

  const signOut = useCallback((why: string) => {
    forgetToken();
    void clearClipboard();
    setPermissions(undefined);
    setNotice(why);
    location.hash = LIST_HREF;
  }, []);
  useEffect(() => whenUnauthorized(() => signOut("The API refused the token: sign in again.")), [signOut]);
  const signOutIdle = useCallback(() => signOut("Signed out after 15 minutes without use."), [signOut]);
  useIdleSignOut(permissions !== undefined, signOutIdle);

  if (!permissions)
    return (
      <SignIn
        notice={notice}
        onSignedIn={(granted) => {
          setNotice(undefined);
          setPermissions(granted);
        }}
      />
    );
  return (
    <>
      <header class="top">
        <p class="title">
          <a href={LIST_HREF}>Secrets console</a>
        </p>
        <p class="who">
          {permissions.clientId} · API {config.apiUrl}
        </p>
        <button type="button" onClick={() => signOut("Signed out.")}>
          Sign out
        </button>
      </header>
      <main id="main">
        {route.page === "secret" ? (
          <SecretPage key={route.name} name={route.name} permissions={permissions} />
        ) : (
          <SecretList />
        )}
      </main>
    </>
  );
}
