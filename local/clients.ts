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
 * `--help`, alone or after a command, tells each command's flags; a bad command line exits 2 before any
 * call to Secrets Manager.
 */
import { SecretsManagerClient, SecretsManagerServiceException } from "@aws-sdk/client-secrets-manager";
import { ADMIN_CLIENT_ID, isAssignableClientId } from "../shared/access/principal";
import { parseScopes, ScopeError } from "../shared/access/scopes";
import {
  addClient,
  type ClientSummary,
  type ClientsOptions,
  listClients,
  removeClient,
  revokeClientToken,
  rotateClient,
  setClientDisabled,
  setClientScopes,
  showClient,
} from "./api-clients";
import { helpRequested, integerOption, parseCommandLine, runCommand, UsageError } from "./command-line";
import { localFunctionArn } from "./local-functions";

/** The flags every subcommand takes. */
const COMMON_OPTIONS = { "secrets-port": { type: "string" } } as const;
const COMMON_HELP = `  --secrets-port N  a local endpoint on 127.0.0.1:N (npm start's: 4566); without it, the standard
                    AWS variables (AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_REGION, credentials)
  -h, --help        this text`;
const EXIT_CODES =
  "Exit codes: 0 done, 1 failed (no such client, Secrets Manager refused), 2 a bad command line.";

const SCOPE_HELP =
  "actions: read, write, delete, rotate; a prefix lies inside SECRETS_PREFIX (default app/) and ends with /";

/** What a subcommand was given, checked. */
interface Invocation {
  name: string;
  values: {
    scope?: string[];
    "rotation-lambda-arn"?: string;
    "rotate-every"?: string;
    revoke?: boolean;
  };
  port?: number;
  options: ClientsOptions;
}

interface Subcommand {
  /** The command line after `npm run clients --`, as the usage shows it. */
  synopsis: string;
  /** What it does, for its --help. */
  about: string;
  /** Its own flags (beside COMMON_OPTIONS) and their help lines. */
  options: Record<string, { type: "string" | "boolean"; multiple?: boolean; default?: string[] | boolean }>;
  flagsHelp?: string;
  /** Whether it takes NAME, and whether NAME may be the admin client. */
  takesName: boolean;
  adminAllowed?: boolean;
  run(invocation: Invocation): Promise<void>;
}

const SCOPE_OPTION = { scope: { type: "string", multiple: true, default: [] as string[] } } as const;
const ARN_OPTION = { "rotation-lambda-arn": { type: "string" } } as const;

const SUBCOMMANDS: Record<string, Subcommand> = {
  add: {
    synopsis:
      "add NAME --scope ACTION:PREFIX [--scope ...] [--rotation-lambda-arn ARN] [--rotate-every DAYS]",
    about:
      "Adds the API client NAME with its scopes and prints its token once. Locally its token rotates with\n" +
      "rotationGeneric every 30 days (from the first scheduled rotation on; the token printed works at once).",
    options: { ...SCOPE_OPTION, ...ARN_OPTION, "rotate-every": { type: "string" } },
    flagsHelp: `  --scope ACTION:PREFIX      what it may do, on which names (repeatable, at least one)
  --rotation-lambda-arn ARN  the function that rotates its token (default: the local rotationGeneric when
                             the endpoint is local, else none: rotation stays off)
  --rotate-every DAYS        how often (1-1000, default 30)`,
    takesName: true,
    run: async ({ name, values, port, options }) => {
      const rotationLambdaArn = values["rotation-lambda-arn"] ?? defaultRotationArn(port);
      const every =
        values["rotate-every"] === undefined
          ? undefined
          : integerOption("rotate-every", values["rotate-every"], { min: 1, max: 1000 });
      const added = await addClient(options, name, values.scope ?? [], {
        ...(rotationLambdaArn ? { rotationLambdaArn } : {}),
        ...(every !== undefined ? { rotateEveryDays: every } : {}),
      });
      console.log(
        `client ${name} added (${added.rotationEnabled ? "rotation on" : "rotation off: give --rotation-lambda-arn"})`,
      );
      console.log(`token: ${added.token}`);
    },
  },
  list: {
    synopsis: "list",
    about: "Lists every API client: its name, state, rotation and scopes (never a token).",
    options: {},
    takesName: false,
    run: async ({ options }) => {
      for (const client of await listClients(options)) console.log(describeClient(client));
    },
  },
  show: {
    synopsis: "show NAME",
    about: "Shows one API client: its state, rotation and scopes (never its token).",
    options: {},
    takesName: true,
    run: async ({ name, options }) => {
      console.log(describeClient(await showClient(options, name)));
    },
  },
  disable: {
    synopsis: "disable NAME",
    about: "Disables the client: its every token is refused within API_TOKEN_CACHE_SECONDS.",
    options: {},
    takesName: true,
    run: async ({ name, options }) => {
      await setClientDisabled(options, name, true);
      console.log(`client ${name} disabled`);
    },
  },
  enable: {
    synopsis: "enable NAME",
    about: "Enables a disabled client again (its tokens are the same).",
    options: {},
    takesName: true,
    run: async ({ name, options }) => {
      await setClientDisabled(options, name, false);
      console.log(`client ${name} enabled`);
    },
  },
  scopes: {
    synopsis: "scopes NAME --scope ACTION:PREFIX [--scope ...]",
    about: "Replaces the client's scopes (its tokens stay).",
    options: { ...SCOPE_OPTION },
    flagsHelp: "  --scope ACTION:PREFIX  what it may do, on which names (repeatable, at least one)",
    takesName: true,
    run: async ({ name, values, options }) => {
      await setClientScopes(options, name, values.scope ?? []);
      console.log(`client ${name}: scopes ${(values.scope ?? []).join(" ")}`);
    },
  },
  rotate: {
    synopsis: "rotate NAME [--revoke] [--rotation-lambda-arn ARN]",
    about:
      "Gives the client a new token and prints it once. By its rotation function (RotateSecret): the old\n" +
      "token works for API_TOKEN_GRACE_SECONDS more. NAME may be admin (the API token).",
    options: { revoke: { type: "boolean", default: false }, ...ARN_OPTION },
    flagsHelp: `  --revoke                   at once, by a put: the old token gets no grace (for a leaked one)
  --rotation-lambda-arn ARN  the function to rotate with when the client has none yet`,
    takesName: true,
    adminAllowed: true,
    run: async ({ name, values, port, options }) => {
      const token = values.revoke
        ? await revokeClientToken(options, name)
        : await rotateClient(options, name, {
            rotationLambdaArn: values["rotation-lambda-arn"] ?? defaultRotationArn(port),
          });
      console.log(`client ${name}: new token${values.revoke ? " (the old one is refused from now on)" : ""}`);
      console.log(`token: ${token}`);
    },
  },
  remove: {
    synopsis: "remove NAME",
    about: "Removes the client's secret at once (no recovery window): its tokens are refused from then on.",
    options: {},
    takesName: true,
    run: async ({ name, options }) => {
      await removeClient(options, name);
      console.log(`client ${name} removed`);
    },
  },
};

const USAGE = `usage: npm run clients -- <command> [options]

Manages the HTTP API's clients, each a secret holding its token, scopes and state (docs/http-api.md).

${Object.values(SUBCOMMANDS)
  .map((command) => `  ${command.synopsis}`)
  .join("\n")}

options of every command:
${COMMON_HELP}
${SCOPE_HELP}
"npm run clients -- <command> --help" tells more of each. A token is printed once, on a line of its own:
"token: <token>"; list and show never print one.
${EXIT_CODES}`;

function subcommandUsage(command: Subcommand): string {
  return [
    `usage: npm run clients -- ${command.synopsis} [--secrets-port N]`,
    "",
    command.about,
    "",
    ...(command.flagsHelp ? [command.flagsHelp] : []),
    COMMON_HELP,
    ...(command.options.scope ? [SCOPE_HELP] : []),
    "",
    EXIT_CODES,
  ].join("\n");
}

/** The usage a command line gets: its subcommand's, when it names one. */
function usageFor(argv: string[]): string {
  const command = SUBCOMMANDS[argv[0] ?? ""];
  return command ? subcommandUsage(command) : USAGE;
}

/** The SDK client: the standard variables, or the local endpoint on `--secrets-port`. */
function secretsClient(port: number | undefined): SecretsManagerClient {
  if (port === undefined) return new SecretsManagerClient({ region: process.env.AWS_REGION || "us-east-1" });
  return new SecretsManagerClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
}

/** Locally (an endpoint on loopback), clients rotate with serverless offline's rotationGeneric. */
function defaultRotationArn(port: number | undefined): string | undefined {
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

const LAMBDA_ARN =
  /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,140}(:[A-Za-z0-9_$-]+)?$/;

/** Checks what a subcommand was given before anything is asked of Secrets Manager. */
function checkInvocation(
  command: Subcommand,
  invocation: Pick<Invocation, "name" | "values">,
  positionals: string[],
): void {
  const expected = command.takesName ? 1 : 0;
  if (positionals.length < expected) throw new UsageError(`${command.synopsis.split(" ")[0]} needs NAME`);
  if (positionals.length > expected)
    throw new UsageError(
      `unexpected ${JSON.stringify(positionals[expected])}: the command line is ${command.synopsis}`,
    );
  const { name, values } = invocation;
  const nameAllowed = isAssignableClientId(name) || (command.adminAllowed && name === ADMIN_CLIENT_ID);
  if (command.takesName && !nameAllowed) {
    throw new UsageError(
      `a client name is 1-64 lower-case letters, digits and -, starting with a letter or digit, and not ` +
        `${command.adminAllowed ? "" : `${ADMIN_CLIENT_ID} or `}anonymous (got ${JSON.stringify(name)})`,
    );
  }
  if (values.scope !== undefined) {
    if (values.scope.length === 0) throw new UsageError("give at least one --scope ACTION:PREFIX");
    try {
      parseScopes(values.scope, process.env.SECRETS_PREFIX ?? "app/");
    } catch (error) {
      if (error instanceof ScopeError) throw new UsageError(error.message);
      throw error;
    }
  }
  const arn = values["rotation-lambda-arn"];
  if (arn !== undefined && !LAMBDA_ARN.test(arn))
    throw new UsageError(
      `--rotation-lambda-arn must be a Lambda function's ARN (got ${JSON.stringify(arn)})`,
    );
  if (values["rotate-every"] !== undefined)
    integerOption("rotate-every", values["rotate-every"], { min: 1, max: 1000 });
}

async function main(argv: string[]): Promise<void> {
  const [first, ...rest] = argv;
  if (first === "--help" || first === "-h") helpRequested();
  if (first === undefined) throw new UsageError("give a command");
  if (first.startsWith("-")) {
    // An unknown flag is named as such; a known one is in the wrong place.
    parseCommandLine(argv, COMMON_OPTIONS, { allowPositionals: true });
    throw new UsageError(`the command comes first (got ${JSON.stringify(first)})`);
  }
  const command = SUBCOMMANDS[first];
  if (!command)
    throw new UsageError(
      `unknown command ${JSON.stringify(first)}; one of ${Object.keys(SUBCOMMANDS).join(", ")}`,
    );
  const { values, positionals } = parseCommandLine(
    rest,
    { ...COMMON_OPTIONS, ...command.options },
    { allowPositionals: true },
  );
  const port =
    values["secrets-port"] === undefined
      ? undefined
      : integerOption("secrets-port", values["secrets-port"] as string, { min: 1, max: 65535 });
  const name = positionals[0] ?? "";
  const given = values as Invocation["values"];
  checkInvocation(command, { name, values: given }, positionals);
  // This process runs on Node 20 in development; the SDK's upgrade notice is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const options: ClientsOptions = { client: secretsClient(port) };
  try {
    await command.run({ name, values: given, port, options });
  } catch (error) {
    // Secrets Manager's refusals by their name (ResourceNotFoundException: ...), without a stack.
    if (error instanceof SecretsManagerServiceException) throw new Error(`${error.name}: ${error.message}`);
    throw error;
  } finally {
    options.client.destroy();
  }
}

if (require.main === module) runCommand("clients", USAGE, main, { usageFor });
