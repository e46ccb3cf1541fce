import { assertKmsKeyAllowed } from "../../shared/http/kms-key.js";
import { json } from "../../shared/http/responses.js";
import { createSecretBody } from "../../shared/http/schemas/create-secret.js";
import { toSecretValue } from "../../shared/http/secret-value-input.js";
import { httpRoute } from "../../shared/http/stack.js";
import { createSecret } from "../../shared/secrets/lifecycle.js";

/** `POST /secrets`: creates a secret under the prefix with its first value. 201 `{arn, name, versionId}`. */
export const handler = httpRoute({
  service: "create-secret",
  action: "write",
  secretIn: (body) => body.name,
  body: createSecretBody,
  handle: async ({ body }) => {
    assertKmsKeyAllowed(body.kmsKeyId);
    const created = await createSecret({
      name: body.name,
      value: toSecretValue(body),
      description: body.description,
      kmsKeyId: body.kmsKeyId,
      tags: body.tags,
    });
    return json(201, { arn: created.arn, name: created.name, versionId: created.versionId });
  },
});
