/**
 * One way for every command of the project (`npm start`, `local:secrets`, `seed`, `rotate-token`,
 * `clients`, `bench`, `console:build`, `client:generate`) to read its command line: `--help` prints the
 * usage on stdout and exits 0; an unknown flag, a missing or bad value prints what was wrong and the usage
 * on stderr and exits 2, before anything is started; any other failure exits 1. Progress goes to stderr
 * only when it is a terminal.
 *
 * @example
 * runCommand("seed", USAGE, async (argv) => {
 *   const { values } = parseCommandLine(argv, { count: { type: "string", default: "100" } });
 *   const count = integerOption("count", values.count, { min: 1 });
 * });
 */
import { type ParseArgsConfig, parseArgs } from "node:util";

/** The command line was wrong: the message says how, and the command exits 2 after the usage. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** `--help` was asked for: the usage is printed and the command exits 0. */
class HelpRequested extends Error {
  override readonly name = "HelpRequested";
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * `parseArgs`, strict, with `--help` added; node's own errors (unknown option, missing value) become
 * UsageErrors with its message.
 */
export function parseCommandLine<O extends Options>(
  argv: string[],
  options: O,
  config: { allowPositionals?: boolean } = {},
) {
  try {
    const parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean", short: "h", default: false } },
      strict: true,
      // Typed `true` so that `positionals` is `string[]` either way (parseArgs refuses any when false).
      allowPositionals: (config.allowPositionals ?? false) as true,
    });
    if ((parsed.values as { help?: boolean }).help) throw new HelpRequested();
    return parsed;
  } catch (error) {
    if (error instanceof HelpRequested) throw error;
    const message = error instanceof Error ? error.message : String(error);
    // Node's advice on positionals that start with '-' is about its own `--`, not npm's: left out.
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/s, ""));
  }
}

/**
 * The integer value of `--name`, within bounds; a UsageError naming the flag otherwise.
 *
 * @example
 * integerOption("http-port", "x", { min: 0, max: 65535 }) // throws UsageError "--http-port must be ..."
 */
export function integerOption(
  name: string,
  text: string | undefined,
  bounds: { min?: number; max?: number } = {},
): number {
  const value = Number(text);
  const min = bounds.min ?? Number.MIN_SAFE_INTEGER;
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  if (text === undefined || text.trim() === "" || !Number.isInteger(value) || value < min || value > max) {
    const range = bounds.max === undefined ? `at least ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`--${name} must be an integer ${range} (got ${JSON.stringify(text ?? "")})`);
  }
  return value;
}

/** A TCP port flag: an integer from 0 (a free port) to 65535. */
export function portOption(name: string, text: string | undefined): number {
  return integerOption(name, text, { min: 0, max: 65535 });
}

/** Asks for the usage to be printed (exit 0), as `--help` does: for a command's own help words. */
export function helpRequested(): never {
  throw new HelpRequested();
}

export interface RunCommandOptions {
  /**
   * The usage to print for a UsageError or `--help` instead of `usage`: a subcommand's own
   * (`npm run clients -- add --help`).
   */
  usageFor?: (argv: string[]) => string;
  /**
   * End the process once main has finished, even while handles are open (the bench: child processes and
   * sockets of what it measured must not keep it alive). A command that serves (`npm start`) leaves this
   * off: its main resolves once it is ready, and it runs until a signal.
   */
  exitWhenDone?: boolean;
}

/**
 * Runs a command's main with the exit codes above. `usage` is the full help text (first line
 * `usage: ...`). A failure ends the process at once with code 1: whatever it left running has nothing
 * more to do.
 *
 * @example
 * if (require.main === module) runCommand("rotate-token", USAGE, main);
 */
export function runCommand(
  name: string,
  usage: string,
  main: (argv: string[]) => Promise<void>,
  options: RunCommandOptions = {},
): void {
  const argv = process.argv.slice(2);
  const usageText = () => (options.usageFor?.(argv) ?? usage).trimEnd();
  main(argv).then(
    () => {
      if (options.exitWhenDone) process.exit(process.exitCode ?? 0);
    },
    (error: unknown) => {
      if (error instanceof HelpRequested) {
        process.stdout.write(`${usageText()}\n`);
        process.exitCode = 0;
      } else if (error instanceof UsageError) {
        process.stderr.write(`${name}: ${error.message}\n${usageText()}\n`);
        process.exitCode = 2;
      } else {
        // Pipes and files are written synchronously on Linux: nothing of this line is lost to the exit.
        process.stderr.write(`${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      }
    },
  );
}

/** Reports progress of long work on a terminal (one line rewritten in place), and nothing when piped. */
export interface Progress {
  update(done: number, total: number, what?: string): void;
  done(): void;
}

/**
 * @example
 * const progress = createProgress("seed");
 * progress.update(500, 10_000, "creating");
 * progress.done();
 */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => {}, done: () => {} };
  let lastWrite = 0;
  let wrote = false;
  return {
    update(done, total, what) {
      const now = Date.now();
      if (now - lastWrite < 100 && done < total) return;
      lastWrite = now;
      wrote = true;
      const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
      stream.write(`\r${label}: ${what ? `${what} ` : ""}${done}/${total} (${percent}%)\x1b[K`);
    },
    done() {
      if (wrote) stream.write("\r\x1b[K");
    },
  };
}
