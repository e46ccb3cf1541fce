/**
 * `npm run client:generate`: writes `client/schema.d.ts`, the HTTP API's types, from `openapi.yaml` with
 * openapi-typescript. `--check` writes nothing and exits 1 when the committed file differs from what
 * `openapi.yaml` gives (tests/unit/client/generated.test.ts runs the same check).
 *
 *   npm run client:generate [-- --check]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";
import { parseCommandLine, runCommand } from "../local/command-line";

const REPO = join(__dirname, "..");

/** The API description the client is generated from. */
export const OPENAPI_FILE = join(REPO, "openapi.yaml");

/** The generated types, committed. */
export const SCHEMA_FILE = join(__dirname, "schema.d.ts");

/**
 * The text `client/schema.d.ts` must hold for the `openapi.yaml` on disk.
 *
 * @example
 * const fresh = await generatedSchema();
 * if (fresh !== readFileSync(SCHEMA_FILE, "utf8")) throw new Error("run npm run client:generate");
 */
export async function generatedSchema(openapiFile = OPENAPI_FILE): Promise<string> {
  // An object schema with no properties (`rotationRules: { type: object }`) is `Record<string, unknown>`,
  // not `Record<string, never>`: the caller narrows it rather than being told it is always empty.
  const ast = await openapiTS(pathToFileURL(openapiFile), { emptyObjectsUnknown: true });
  return `${COMMENT_HEADER}// Made by \`npm run client:generate\` from openapi.yaml.\n\n${astToString(ast)}`;
}

const USAGE = `usage: npm run client:generate [-- --check]

Writes client/schema.d.ts, the HTTP API's types for the typed client, from openapi.yaml
(openapi-typescript).

  --check     write nothing; exit 1 when the committed file is not what openapi.yaml gives
  -h, --help  this text

Exit codes: 0 written (or up to date), 1 stale (--check) or failed, 2 a bad command line.`;

async function main(argv: string[]): Promise<void> {
  const { values } = parseCommandLine(argv, { check: { type: "boolean", default: false } });
  const fresh = await generatedSchema();
  if (!values.check) {
    writeFileSync(SCHEMA_FILE, fresh);
    console.log(`wrote ${SCHEMA_FILE}`);
    return;
  }
  if (readFileSync(SCHEMA_FILE, "utf8") !== fresh)
    throw new Error("client/schema.d.ts is not what openapi.yaml gives: run npm run client:generate");
  console.log("client/schema.d.ts matches openapi.yaml");
}

if (require.main === module) runCommand("client:generate", USAGE, main);
