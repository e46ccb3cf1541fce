import { isAllowed, mayListUnder, prefixesFor } from "../../shared/access/decisions.js";
import { auditPolicyFromEnvironment } from "../../shared/audit/policy-settings.js";
import { rotationStatesOf } from "../../shared/audit/rotation-state.js";
import { serviceNow } from "../../shared/audit/service-clock.js";
import { assertAllowed } from "../../shared/http/caller-access.js";
import { secretsPrefix } from "../../shared/http/config.js";
import { json } from "../../shared/http/responses.js";
import { listSecretsQuery } from "../../shared/http/schemas/list-secrets.js";
import { assertInScope } from "../../shared/http/scope.js";
import { httpRoute } from "../../shared/http/stack.js";
import { secretMetadataView } from "../../shared/http/views.js";
import { getSecretsClient } from "../../shared/secrets/client.js";
import { listSecrets } from "../../shared/secrets/metadata.js";

/**
 * `GET /secrets`: one page of metadata, never values, holding only names the client may read. The name
 * filter is `namePrefix` when given, else the longest prefix shared by the client's read scopes; AWS's
 * name filter ignores case, so every entry is checked again here, case-sensitively. A client with no read
 * scope under the filter gets 403 `ScopeDenied`. A page may hold fewer entries than asked (others were
 * not the client's); `nextToken` still leads on. Each entry carries its `rotationState`, judged by the
 * scheduled audit's own rules and policy (the `AUDIT_*` settings), so a client needs no call per secret.
 */
export const handler = httpRoute({
  service: "list-secrets",
  action: "read",
  secretIn: "none",
  query: listSecretsQuery,
  handle: async ({ query, principal }) => {
    if (query.namePrefix !== undefined) assertInScope(query.namePrefix);
    const filter = query.namePrefix ?? commonPrefix(prefixesFor(principal, "read"));
    if (!mayListUnder(principal, filter)) assertAllowed(principal, "read", filter);
    const page = await listSecrets({ ...query, namePrefix: filter || undefined });
    const prefix = secretsPrefix();
    const secrets = page.secrets.filter((entry) => {
      const name = entry.Name ?? "";
      return name.startsWith(prefix) && isAllowed(principal, "read", name);
    });
    const client = getSecretsClient();
    const states = await rotationStatesOf(secrets, {
      policy: auditPolicyFromEnvironment(process.env),
      now: serviceNow(client),
      client,
    });
    const views = secrets.map((entry, index) => ({
      ...secretMetadataView(entry),
      rotationState: states[index],
    }));
    return json(200, { secrets: views, nextToken: page.nextToken });
  },
});

/** The longest start all of `prefixes` share ("" for none). */
function commonPrefix(prefixes: string[]): string {
  const [first = "", ...rest] = prefixes;
  let length = first.length;
  for (const prefix of rest) {
    let same = 0;
    while (same < length && same < prefix.length && prefix[same] === first[same]) same += 1;
    length = same;
  }
  return first.slice(0, length);
}
