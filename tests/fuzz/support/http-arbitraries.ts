/** fast-check arbitraries for the HTTP API's inputs: ids, query strings, headers and bodies. */
import fc from "fast-check";

export interface HttpInput {
  id: string;
  query: Record<string, string> | null;
  headers: Record<string, string>;
  body: string | null;
  isBase64Encoded: boolean;
  /** Whether Secrets Manager fails (500 answers or no answer) for this run. */
  inject: "none" | "server-error" | "unreachable";
}

const QUERY_KEYS = [
  "maxResults",
  "nextToken",
  "namePrefix",
  "tagKey",
  "tagValue",
  "includePlannedDeletion",
  "sortOrder",
  "versionStage",
  "versionId",
  "key",
  "recoveryWindowInDays",
  "force",
];

function bodyValue(names: fc.Arbitrary<string>) {
  const tags = fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 3 });
  return fc.record(
    {
      name: fc.oneof(
        names,
        fc.string({ maxLength: 20 }).map((s) => `app/${s}`),
        fc.string({ maxLength: 20 }),
      ),
      value: fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 })),
      ),
      secretBinary: fc.oneof(fc.base64String({ maxLength: 40 }), fc.string({ maxLength: 10 })),
      description: fc.string({ maxLength: 30 }),
      kmsKeyId: fc.string({ maxLength: 20 }),
      tags,
      set: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
      remove: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
      addTags: tags,
      removeTags: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
      rotateImmediately: fc.boolean(),
      rotationLambdaArn: fc.constantFrom(
        "arn:aws:lambda:us-east-1:000000000000:function:fuzz-rotation",
        "not-an-arn",
      ),
      rotationRules: fc.record(
        {
          automaticallyAfterDays: fc.integer({ min: -1, max: 1001 }),
          scheduleExpression: fc.constantFrom("rate(4 hours)", "cron(0 12 * * ? *)", "x"),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  );
}

/** Bodies shaped for `route`'s schema (strict objects refuse unknown keys), to reach its success path. */
function routeBody(route: string, known: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  const value = fc.oneof(
    fc.string({ minLength: 1, maxLength: 40 }),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }),
  );
  const tags = fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 10 }), {
    maxKeys: 2,
  });
  const newName = fc.oneof(
    fc.integer({ min: 0, max: 50 }).map((i) => `app/fuzz/new-${i}`),
    fc.string({ maxLength: 20 }).map((s) => `app/${s}`),
    known,
  );
  const keys = fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 3 });
  switch (route) {
    case "createSecret":
      return fc.oneof(
        fc.record({ name: newName, value }, { requiredKeys: ["name", "value"] }),
        fc.record(
          {
            name: newName,
            secretBinary: fc.base64String({ minLength: 4, maxLength: 40 }),
            description: fc.string({ maxLength: 20 }),
            tags,
          },
          { requiredKeys: ["name", "secretBinary"] },
        ),
      );
    case "putSecretValue":
      return fc.oneof(
        fc.record({ value }),
        fc.record({ secretBinary: fc.base64String({ minLength: 4, maxLength: 40 }) }),
      );
    case "patchSecretValue":
      return fc.record(
        {
          set: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), {
            maxKeys: 3,
          }),
          remove: keys,
        },
        { requiredKeys: [] },
      );
    case "updateSecret":
      return fc.record(
        { description: fc.string({ maxLength: 30 }), addTags: tags, removeTags: keys },
        { requiredKeys: [] },
      );
    case "rotateSecret":
      return fc.record(
        {
          rotateImmediately: fc.boolean(),
          rotationLambdaArn: fc.constant("arn:aws:lambda:us-east-1:000000000000:function:fuzz-rotation"),
          rotationRules: fc.record({ automaticallyAfterDays: fc.integer({ min: 1, max: 1000 }) }),
        },
        { requiredKeys: [] },
      );
    default:
      return fc.constant({});
  }
}

/** Inputs for `route`, against secrets `names` (in scope) and `outside` (out of scope). */
export function httpInputs(route: string, names: string[], outside: string[]): fc.Arbitrary<HttpInput> {
  const known = fc.constantFrom(...names);
  const id = fc.oneof(
    { weight: 5, arbitrary: known },
    { weight: 1, arbitrary: known.map((name) => encodeURIComponent(name)) },
    { weight: 1, arbitrary: fc.constantFrom(...outside) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => `app/${s}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "%",
        "%E0%A4%A",
        "app%2F",
        "",
        "arn:aws:secretsmanager:us-east-1:000000000000:secret:app/x",
      ),
    },
  );
  const query = fc.option(
    fc.dictionary(
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...QUERY_KEYS) }, fc.string({ maxLength: 8 })),
      fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.integer({ min: -5, max: 120 }).map(String),
        fc.constantFrom("true", "false", "AWSCURRENT", "AWSPREVIOUS", "asc", "desc", "password"),
      ),
      { maxKeys: 3 },
    ),
    { freq: 2 },
  );
  const contentType = fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "application/merge-patch+json",
    "text/plain",
    "",
  );
  const headers = fc
    .tuple(
      fc.option(contentType, { freq: 6 }),
      fc.option(
        fc.oneof(
          fc.uuid(),
          fc.string({ maxLength: 40 }),
          fc.uuid().map((u) => `"${u}"`),
        ),
        { freq: 4 },
      ),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 30 }), { maxKeys: 3 }),
      fc.boolean(),
    )
    .map(([type, ifMatch, extra, upper]) => {
      const out: Record<string, string> = { ...extra };
      if (type !== null) out[upper ? "Content-Type" : "content-type"] = type;
      if (ifMatch !== null) out[upper ? "If-Match" : "if-match"] = ifMatch;
      return out;
    });
  const body = fc.option(
    fc.oneof(
      { weight: 5, arbitrary: routeBody(route, known).map((value) => JSON.stringify(value)) },
      { weight: 2, arbitrary: bodyValue(known).map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: fc.string({ maxLength: 100 }) },
      { weight: 1, arbitrary: fc.constantFrom("{", "null", "[]", '{"value":', "\u0000", "{}") },
    ),
    { freq: 6 },
  );
  const inject = fc.constantFrom<HttpInput["inject"]>(
    "none",
    "none",
    "none",
    "none",
    "none",
    "none",
    "server-error",
    "unreachable",
  );
  return fc.record({ id, query, headers, body, isBase64Encoded: fc.boolean(), inject });
}
