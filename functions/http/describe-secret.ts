import { json } from "../../shared/http/responses.js";
import { httpRoute } from "../../shared/http/stack.js";
import { secretDescriptionView } from "../../shared/http/views.js";
import { describeSecret } from "../../shared/secrets/metadata.js";

/** `GET /secrets/{id}`: metadata, versions and their stages, rotation settings, deletion date. */
export const handler = httpRoute({
  service: "describe-secret",
  action: "read",
  handle: async ({ secretId }) => {
    const description = await describeSecret(secretId);
    return json(200, secretDescriptionView(description));
  },
});
