/**
 * `npm run clients -- <command>`: manages the HTTP API's clients, each a secret
 * `<API_CLIENTS_SECRET_PREFIX><name>` holding its token, scopes and state. Talks to Secrets Manager through
 * the standard variables (`AWS_ENDPOINT_URL_SECRETS_MANAGER`, `AWS_REGION`, credentials), so the same
 * command works against the local endpoint and a real account; `--secrets-port` points it at a running
 * `npm start`.
 *
 *   add NAME --scope read:app/team-a/ [--scope ...] [--rotation-lambda-arn ARN] [--rotate-every DAYS]
 *   list | show NAME | disable NAME | enable NAME | remove NAME
 *   scopes NAME --scope ...        replace the scopes
 *   rotate NAME [--revoke]         a new token (printed once); --revoke: at once, the old one gets no grace
 *
 * A token is printed once, on a line of its own: `token: <token>`. `list` and `show` never print one.
 */
import { parseArgs } from "node:util";
import { SecretsManagerClient, SecretsManagerServiceException } from "@aws-sdk/client-secrets-manager";
import { ScopeError } from "../shared/access/scopes";
import {
  addClient,
  type ClientSummary,
  ClientsCommandError,
  type ClientsOptions,
  listClients,
  removeClient,
  revokeClientToken,
  rotateClient,
  setClientDisabled,
  setClientScopes,
  showClient,
} from "./api-clients";
import { localFunctionArn } from "./local-functions";

const USAGE = `usage: npm run clients -- <command> [options]
  add NAME --scope ACTION:PREFIX [--scope ...] [--rotation-lambda-arn ARN] [--rotate-every DAYS]
  list
  show NAME
  disable NAME | enable NAME | remove NAME
  scopes NAME --scope ACTION:PREFIX [--scope ...]
  rotate NAME [--revoke]
options: --secrets-port PORT (a local endpoint on 127.0.0.1; default: the standard AWS variables)
actions: read, write, delete, rotate; a prefix lies inside SECRETS_PREFIX and ends with /`;

/** The SDK client: the standard variables, or the local endpoint on `--secrets-port`. */
function secretsClient(port: string | undefined): SecretsManagerClient {
  if (port === undefined) return new SecretsManagerClient({ region: process.env.AWS_REGION || "us-east-1" });
  return new SecretsManagerClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
}

/** Locally (an endpoint on loopback), new clients rotate with serverless offline's rotationGeneric. */
function defaultRotationArn(port: string | undefined): string | undefined {
  const endpoint =
    port !== undefined ? "http://127.0.0.1" : (process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? "");
  return /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(`${endpoint}/`)
    ? localFunctionArn("rotationGeneric")
    : undefined;
}

function describeClient(client: ClientSummary): string {
  const rotation = client.rotationEnabled
    ? `rotation on${client.nextRotationDate ? `, next ${client.nextRotationDate.toISOString()}` : ""}`
    : "rotation off";
  return [
    client.name,
    client.disabled ? "disabled" : "enabled",
    rotation,
    `scopes ${client.scopes.join(" ") || "(none: nothing allowed)"}`,
  ].join("  ");
}

async function run(argv: string[]): Promise<void> {
  // This process runs on Node 20 in development; the SDK's upgrade notice is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      scope: { type: "string", multiple: true, default: [] },
      "rotation-lambda-arn": { type: "string" },
      "rotate-every": { type: "string" },
      "secrets-port": { type: "string" },
      revoke: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, name = ""] = positionals;
  if (values.help || command === undefined) {
    console.log(USAGE);
    return;
  }
  const port = values["secrets-port"];
  const options: ClientsOptions = { client: secretsClient(port) };
  try {
    switch (command) {
      case "add": {
        const rotationLambdaArn = values["rotation-lambda-arn"] ?? defaultRotationArn(port);
        const every = values["rotate-every"] === undefined ? undefined : Number(values["rotate-every"]);
        const added = await addClient(options, name, values.scope, {
          ...(rotationLambdaArn ? { rotationLambdaArn } : {}),
          ...(every !== undefined ? { rotateEveryDays: every } : {}),
        });
        console.log(
          `client ${name} added (${added.rotationEnabled ? "rotation on" : "rotation off: give --rotation-lambda-arn"})`,
        );
        console.log(`token: ${added.token}`);
        return;
      }
      case "list":
        for (const client of await listClients(options)) console.log(describeClient(client));
        return;
      case "show":
        console.log(describeClient(await showClient(options, name)));
        return;
      case "disable":
      case "enable":
        await setClientDisabled(options, name, command === "disable");
        console.log(`client ${name} ${command}d`);
        return;
      case "scopes":
        await setClientScopes(options, name, values.scope);
        console.log(`client ${name}: scopes ${values.scope.join(" ")}`);
        return;
      case "remove":
        await removeClient(options, name);
        console.log(`client ${name} removed`);
        return;
      case "rotate": {
        const token = values.revoke
          ? await revokeClientToken(options, name)
          : await rotateClient(options, name, {
              rotationLambdaArn: values["rotation-lambda-arn"] ?? defaultRotationArn(port),
            });
        console.log(
          `client ${name}: new token${values.revoke ? " (the old one is refused from now on)" : ""}`,
        );
        console.log(`token: ${token}`);
        return;
      }
      default:
        throw new ClientsCommandError(`unknown command ${command}\n${USAGE}`);
    }
  } finally {
    options.client.destroy();
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  const known = error instanceof ClientsCommandError || error instanceof ScopeError;
  const aws = error instanceof SecretsManagerServiceException ? `${error.name}: ${error.message}` : undefined;
  console.error(
    known ? (error as Error).message : (aws ?? (error instanceof Error ? error.message : String(error))),
  );
  process.exit(1);
});
