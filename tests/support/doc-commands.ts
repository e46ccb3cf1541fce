/**
 * The commands the docs show, read from the Markdown itself, so a test runs what a reader copies: the
 * lines of a section's fenced `sh` blocks, and every backticked `npm ...` of a section (table cells and
 * prose alike).
 *
 * @example
 * const quickStart = docSection("README.md", "Quick start");
 * shellLines(quickStart); // ["npm ci && npm start", "npm ci && npm test"]
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./paths";

/** Section `heading` of `file` (relative to the repository): its text up to the next heading as high or higher. */
export function docSection(file: string, heading: string): string {
  const lines = readFileSync(join(REPO, file), "utf8").split("\n");
  const start = lines.findIndex((line) => /^#+ /.test(line) && line.replace(/^#+ /, "") === heading);
  if (start < 0) throw new Error(`${file} has no section "${heading}"`);
  const level = (/^#+/.exec(lines[start] ?? "")?.[0] ?? "#").length;
  const end = lines.findIndex(
    (line, index) => index > start && (/^#+ /.exec(line)?.[0].trim().length ?? Infinity) <= level,
  );
  return lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
}

/** The non-empty lines of the fenced `sh` blocks in `section`. */
export function shellLines(section: string): string[] {
  const blocks = [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? "");
  return blocks.flatMap((block) => block.split("\n")).filter((line) => line.trim() !== "");
}

/** Every backticked `npm ...` in `section`, in order of first appearance, each once. */
export function npmCommands(section: string): string[] {
  const found = [...section.matchAll(/`(npm [^`]+)`/g)].map((match) => match[1] ?? "");
  return [...new Set(found)];
}

/** The backticked words of the table row whose first cell is `` `command` ``, after that cell. */
export function rowCodeSpans(section: string, command: string): string[] {
  const row = section.split("\n").find((line) => line.startsWith(`| \`${command}\` |`));
  if (!row) throw new Error(`no table row for ${command}`);
  const rest = row.slice(`| \`${command}\` |`.length);
  return [...rest.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? "");
}
