import { formatDate } from "../format";
import { type RotationState, rotationBadge } from "../rotation-badge";

/** The badge of a list entry's `rotationState`; nothing when the API sent none. */
export function RotationBadge(props: { state: RotationState | undefined }) {
  const badge = rotationBadge(props.state);
  if (!badge) return null;
  return (
    <span class={`badge badge-${badge.tone}`} data-testid="rotation-badge">
      {badge.label}
      {badge.date && (
        <>
          {" "}
          <time dateTime={badge.date}>{formatDate(badge.date)}</time>
        </>
      )}
    </span>
  );
}
