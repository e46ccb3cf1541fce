import { assertKmsKeyAllowed } from "../../shared/http/kms-key.js";
import { json } from "../../shared/http/responses.js";
import { updateSecretBody } from "../../shared/http/schemas/update-secret.js";
import { httpRoute } from "../../shared/http/stack.js";
import { updateSecret } from "../../shared/secrets/metadata.js";

/** `PATCH /secrets/{id}`: description, KMS key, tags to add and to remove; the value is left alone. */
export const handler = httpRoute({
  service: "update-secret",
  action: "write",
  body: updateSecretBody,
  handle: async ({ secretId, body }) => {
    assertKmsKeyAllowed(body.kmsKeyId);
    const ref = await updateSecret(secretId, {
      description: body.description,
      kmsKeyId: body.kmsKeyId,
      addTags: body.addTags,
      removeTagKeys: body.removeTags,
    });
    return json(200, ref);
  },
});
