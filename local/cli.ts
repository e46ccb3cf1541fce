/**
 * `npm run local:secrets -- [--port 4566] [--host 127.0.0.1 [--allow-remote]] [--data DIR | --in-memory]
 *   [--lambda-endpoint URL] [--events-target NAME ...] [--quiet]`
 *
 * Prints `listening on http://HOST:PORT` on stdout once it accepts connections (`--port 0` picks a free
 * port and prints it); logs one line per request on stderr; stops cleanly on SIGINT and SIGTERM.
 *
 * A `--host` other than loopback is refused unless `--allow-remote` is given; then a fresh access key
 * pair is generated and printed, and every request must be signed with it (SigV4), so the endpoint
 * never serves secrets to a network unauthenticated.
 */
import { parseCommandLine, portOption, runCommand, UsageError } from "./command-line";
import { isLoopbackHost } from "./request-guard";
import { DEFAULT_LAMBDA_ENDPOINT, type EndpointOptions, remoteRefusal, startEndpoint } from "./server";
import { generateAccessKey } from "./sigv4";

const USAGE = `usage: npm run local:secrets -- [--port 4566] [--host 127.0.0.1 [--allow-remote]] [--data DIR | --in-memory]
                               [--lambda-endpoint URL] [--events-target NAME ...] [--quiet]

Serves Secrets Manager's wire protocol to the AWS SDKs and CLIs (docs/local-endpoint.md). Prints
"listening on http://HOST:PORT" once it accepts connections; Ctrl-C stops it.

  --port N               the port (default 4566; 0 picks a free one and prints it)
  --host H               the address to listen on (default 127.0.0.1)
  --allow-remote         needed for a --host other than loopback: prints an access key pair made for this
                         run, which every request must then be signed with (SigV4)
  --data DIR             the data folder (default .local)
  --in-memory            keep nothing on disk
  --lambda-endpoint URL  where rotation functions are invoked (default ${DEFAULT_LAMBDA_ENDPOINT};
                         http://, https:// or unix:/path/to/socket)
  --events-target NAME   a function that receives rotation events (repeatable)
  --quiet                no request log on stderr
  -h, --help             this text

Exit codes: 0 stopped, 1 failed to start, 2 a bad command line.`;

const OPTIONS = {
  port: { type: "string", default: "4566" },
  host: { type: "string", default: "127.0.0.1" },
  data: { type: "string" },
  "in-memory": { type: "boolean", default: false },
  "lambda-endpoint": { type: "string", default: DEFAULT_LAMBDA_ENDPOINT },
  "events-target": { type: "string", multiple: true, default: [] as string[] },
  quiet: { type: "boolean", default: false },
  "allow-remote": { type: "boolean", default: false },
} as const;

/** Whether `text` is an endpoint the rotation runner can invoke: `http(s)://host[:port]` or `unix:/path`. */
function isLambdaEndpoint(text: string): boolean {
  if (/^unix:\/./.test(text)) return true;
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/**
 * Turns the command line into endpoint options; a UsageError when it is wrong.
 *
 * @example
 * parseCli(["--port", "0", "--in-memory"]).port // 0
 */
export function parseCli(argv: string[]): EndpointOptions & { quiet: boolean; allowRemote: boolean } {
  const { values } = parseCommandLine(argv, OPTIONS);
  const port = portOption("port", values.port);
  if (values.data !== undefined && values["in-memory"])
    throw new UsageError("--data and --in-memory exclude each other");
  if (values.data?.trim() === "") throw new UsageError("--data needs a folder");
  if (values.host.trim() === "") throw new UsageError("--host needs an address");
  if (!isLambdaEndpoint(values["lambda-endpoint"]))
    throw new UsageError(
      `--lambda-endpoint must be an http://, https:// or unix:/path URL (got ${JSON.stringify(values["lambda-endpoint"])})`,
    );
  if (values["events-target"].some((name) => name.trim() === ""))
    throw new UsageError("--events-target needs a function name");
  if (!isLoopbackHost(values.host) && !values["allow-remote"])
    throw new UsageError(remoteRefusal(values.host));
  return {
    port,
    host: values.host,
    inMemory: values["in-memory"],
    dataDir: values.data ?? ".local",
    lambdaEndpoint: values["lambda-endpoint"],
    eventsTargets: values["events-target"],
    quiet: values.quiet,
    allowRemote: values["allow-remote"],
  };
}

async function main(argv: string[]): Promise<void> {
  const options = parseCli(argv);
  const log = options.quiet ? undefined : (line: string) => process.stderr.write(`${line}\n`);
  const remoteAccess = options.allowRemote ? generateAccessKey() : undefined;
  const endpoint = await startEndpoint({ ...options, remoteAccess, log });
  process.stdout.write(`listening on ${endpoint.url}\n`);
  if (remoteAccess) {
    process.stdout.write(
      "remote access: every request must be signed (SigV4) with this access key pair, made for this run:\n" +
        `AWS_ACCESS_KEY_ID=${remoteAccess.accessKeyId}\n` +
        `AWS_SECRET_ACCESS_KEY=${remoteAccess.secretAccessKey}\n`,
    );
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log?.(`${signal}: stopping`);
    endpoint.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (require.main === module) runCommand("local:secrets", USAGE, main);
