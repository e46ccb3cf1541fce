/**
 * What a client may do to a secret: four actions, each covering a fixed set of routes. A route declares
 * its one action; a client's scopes grant actions on name prefixes.
 */

/** `read`: describe, list, get value, list versions; `write`: create, put, patch, update; `delete`: delete, restore; `rotate`: rotate (and cancel a rotation). */
export const ACTIONS = ["read", "write", "delete", "rotate"] as const;

export type Action = (typeof ACTIONS)[number];

/** Whether `text` is one of the four actions. */
export function isAction(text: string): text is Action {
  return (ACTIONS as readonly string[]).includes(text);
}
