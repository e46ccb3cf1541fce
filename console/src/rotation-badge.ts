/**
 * The badge a list entry's `rotationState` gives. The API judges the state (the audit's rules, see
 * openapi.yaml `RotationState`); the console only names it, with the date a deletion carries.
 */
import type { components } from "../../client/schema";

export type RotationState = components["schemas"]["RotationState"];
export type BadgeTone = "ok" | "busy" | "warning" | "danger" | "neutral";

export interface Badge {
  label: string;
  tone: BadgeTone;
  /** The date the state carries (when the deletion was scheduled), ISO 8601. */
  date?: string;
}

const TONES: Record<RotationState["state"], BadgeTone> = {
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
 * rotationBadge({ state: "stuck" }) // { label: "stuck", tone: "danger" }
 * rotationBadge({ state: "deleting", deletedDate: "2026-05-01T00:00:00Z" }) // { label: "deleting", tone: "danger", date: "2026-05-01T00:00:00Z" }
 */
export function rotationBadge(rotationState: RotationState | undefined): Badge | undefined {
  if (!rotationState) return undefined;
  // A state this console does not know yet (a newer API) is still shown, plainly.
  const badge: Badge = { label: rotationState.state, tone: TONES[rotationState.state] ?? "neutral" };
  return rotationState.deletedDate ? { ...badge, date: rotationState.deletedDate } : badge;
}
