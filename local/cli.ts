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
import { parseArgs } from "node:util";
import { isLoopbackHost } from "./request-guard";
import { DEFAULT_LAMBDA_ENDPOINT, type EndpointOptions, remoteRefusal, startEndpoint } from "./server";
import { generateAccessKey } from "./sigv4";

const USAGE =
  "usage: local:secrets [--port 4566] [--host 127.0.0.1 [--allow-remote]] [--data DIR | --in-memory] " +
  "[--lambda-endpoint URL] [--events-target NAME ...] [--quiet]";

/** Turns the command line into endpoint options; throws with the usage on a bad one. */
export function parseCli(argv: string[]): EndpointOptions & { quiet: boolean; allowRemote: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "4566" },
      host: { type: "string", default: "127.0.0.1" },
      data: { type: "string" },
      "in-memory": { type: "boolean", default: false },
      "lambda-endpoint": { type: "string", default: DEFAULT_LAMBDA_ENDPOINT },
      "events-target": { type: "string", multiple: true, default: [] },
      quiet: { type: "boolean", default: false },
      "allow-remote": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) throw new Error(USAGE);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port\n${USAGE}`);
  if (values.data !== undefined && values["in-memory"])
    throw new Error(`--data and --in-memory exclude each other\n${USAGE}`);
  if (!isLoopbackHost(values.host) && !values["allow-remote"]) throw new Error(remoteRefusal(values.host));
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

async function main(): Promise<void> {
  let options: ReturnType<typeof parseCli>;
  try {
    options = parseCli(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
    return;
  }
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

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `local:secrets failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
