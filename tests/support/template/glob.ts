/** An IAM wildcard pattern (`*` any run, `?` one character) as a regular expression matching whole strings. */
export function iamPattern(pattern: string, options: { ignoreCase?: boolean } = {}): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, options.ignoreCase ? "i" : "");
}
