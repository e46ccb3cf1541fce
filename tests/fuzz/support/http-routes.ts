/** The HTTP API's route handlers with their method and path, for in-process invocation. */

import { handler as cancelRotation } from "../../../functions/http/cancel-rotation";
import { handler as createSecret } from "../../../functions/http/create-secret";
import { handler as deleteSecret } from "../../../functions/http/delete-secret";
import { handler as describeSecret } from "../../../functions/http/describe-secret";
import { handler as getMe } from "../../../functions/http/get-me";
import { handler as getSecretValue } from "../../../functions/http/get-secret-value";
import { handler as listSecretVersions } from "../../../functions/http/list-secret-versions";
import { handler as listSecrets } from "../../../functions/http/list-secrets";
import { handler as patchSecretValue } from "../../../functions/http/patch-secret-value";
import { handler as putSecretValue } from "../../../functions/http/put-secret-value";
import { handler as restoreSecret } from "../../../functions/http/restore-secret";
import { handler as rotateSecret } from "../../../functions/http/rotate-secret";
import { handler as updateSecret } from "../../../functions/http/update-secret";
import type { HttpHandler } from "../../../shared/http/stack";

export interface Route {
  name: string;
  method: string;
  path: string;
  handler: HttpHandler;
}

export const ROUTES: Route[] = [
  { name: "createSecret", method: "POST", path: "/secrets", handler: createSecret },
  { name: "listSecrets", method: "GET", path: "/secrets", handler: listSecrets },
  { name: "describeSecret", method: "GET", path: "/secrets/{id}", handler: describeSecret },
  { name: "getSecretValue", method: "GET", path: "/secrets/{id}/value", handler: getSecretValue },
  { name: "putSecretValue", method: "PUT", path: "/secrets/{id}/value", handler: putSecretValue },
  { name: "patchSecretValue", method: "PATCH", path: "/secrets/{id}/value", handler: patchSecretValue },
  { name: "updateSecret", method: "PATCH", path: "/secrets/{id}", handler: updateSecret },
  { name: "deleteSecret", method: "DELETE", path: "/secrets/{id}", handler: deleteSecret },
  { name: "restoreSecret", method: "POST", path: "/secrets/{id}/restore", handler: restoreSecret },
  { name: "rotateSecret", method: "POST", path: "/secrets/{id}/rotate", handler: rotateSecret },
  { name: "cancelRotation", method: "POST", path: "/secrets/{id}/rotate/cancel", handler: cancelRotation },
  { name: "listSecretVersions", method: "GET", path: "/secrets/{id}/versions", handler: listSecretVersions },
  { name: "getMe", method: "GET", path: "/me", handler: getMe },
];
