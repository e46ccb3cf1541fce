/**
 * The badge a list entry's `rotationState` gives. The API computes the state (the audit's rules); the
 * console only names it. Accepted shapes: a string (`"overdue"`), or an object with the state and,
 * for `deleting`, its date (`{"state": "deleting", "date": "2026-05-01T00:00:00Z"}`; `deletionDate` is
 * read too). No `rotationState`: no badge.
 */

export type BadgeTone = "ok" | "busy" | "warning" | "danger" | "neutral";

export interface Badge {
  label: string;
  tone: BadgeTone;
  /** The date the state carries (a deletion's), ISO 8601. */
  date?: string;
}

const TONES: Record<string, BadgeTone> = {
  ok: "ok",
  rotating: "busy",
  overdue: "warning",
  stuck: "danger",
  deleting: "danger",
  "never rotated": "neutral",
};

/**
 * The badge for a `rotationState`, or undefined for none.
 *
 * @example
 * rotationBadge("stuck") // { label: "stuck", tone: "danger" }
 * rotationBadge({ state: "deleting", date: "2026-05-01T00:00:00Z" }) // { label: "deleting", tone: "danger", date: "2026-05-01T00:00:00Z" }
 */
export function rotationBadge(rotationState: unknown): Badge | undefined {
  if (typeof rotationState === "string") return badgeOf(rotationState);
  if (typeof rotationState !== "object" || rotationState === null) return undefined;
  const { state, date, deletionDate } = rotationState as Record<string, unknown>;
  if (typeof state !== "string") return undefined;
  const badge = badgeOf(state);
  const when = typeof date === "string" ? date : typeof deletionDate === "string" ? deletionDate : undefined;
  return badge && when ? { ...badge, date: when } : badge;
}

function badgeOf(state: string): Badge | undefined {
  const label = state.trim();
  if (!label) return undefined;
  // A state this console does not know yet is still shown, plainly.
  return { label, tone: TONES[label] ?? "neutral" };
}
