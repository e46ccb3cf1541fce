/**
 * How deep JSON nests, found in one pass over the text before it is parsed, without recursion: a value
 * nested 100,000 levels deep (200 KB of brackets) parses, but every later step that walks it
 * (`JSON.stringify`, a schema, a merge) overflows the stack. The API takes at most `MAX_JSON_DEPTH`.
 */

/** The deepest nesting of arrays and objects a request body or an answered value may have. */
export const MAX_JSON_DEPTH = 64;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether the JSON text `text` nests arrays and objects deeper than `maxDepth`. Brackets inside strings
 * do not count. The text need not be valid JSON: the parser that follows judges that.
 *
 * @example
 * nestsDeeperThan('{"a":[[1]]}', 2) // true (three levels)
 */
export function nestsDeeperThan(text: string, maxDepth: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index += 1;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      depth -= 1;
    }
  }
  return false;
}
