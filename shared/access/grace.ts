/**
 * When the previous token stops working. After a scheduled rotation the AWSPREVIOUS token keeps working
 * for the grace period, so a client that re-reads its secret within it is never locked out. After an
 * emergency replacement (a put, or AWSCURRENT moved by hand, forward or back) there is no grace.
 */
import type { VersionFacts } from "../secrets/pending-rotation.js";

export interface GraceFacts {
  /** DescribeSecret's LastRotatedDate: when the last rotation finished. */
  lastRotatedDate?: Date;
  /** The AWSCURRENT version (stages from DescribeSecret, date from GetSecretValue). */
  current: VersionFacts;
  /** The AWSPREVIOUS version, when there is one. */
  previous?: VersionFacts;
  graceMs: number;
}

/**
 * The time (epoch ms) until which the AWSPREVIOUS token is accepted, or undefined for no grace. Grace
 * needs AWSCURRENT made by a rotation (`rotationGraceEndsAt`) and AWSPREVIOUS older than AWSCURRENT (a
 * rollback makes the newer version previous: no grace). A missing date means no grace (fail closed).
 *
 * @example
 * previousGraceEndsAt({ lastRotatedDate, current, previous, graceMs: 300_000 }) // lastRotatedDate + 5 min
 */
export function previousGraceEndsAt(facts: GraceFacts): number | undefined {
  const end = rotationGraceEndsAt(facts);
  const currentMade = facts.current.createdDate?.getTime();
  const previousMade = facts.previous?.createdDate?.getTime();
  if (end === undefined || currentMade === undefined || previousMade === undefined) return undefined;
  return previousMade < currentMade ? end : undefined;
}

/**
 * When a grace would end if AWSPREVIOUS qualifies, from AWSCURRENT's facts alone (so the previous
 * version is read only while a grace can run), or undefined when AWSCURRENT was not made by a rotation:
 * - the rotation finished: LastRotatedDate is not older than AWSCURRENT's CreatedDate (a put or a hand
 *   move leaves it older); grace runs from LastRotatedDate;
 * - the rotation is finishing: finishSecret has moved AWSCURRENT onto the rotation's AWSPENDING version
 *   and Secrets Manager has not yet recorded LastRotatedDate; grace runs from that version's
 *   CreatedDate (when the rotation made it), so an old pending version moved to current by hand later
 *   gets none.
 */
export function rotationGraceEndsAt(facts: Omit<GraceFacts, "previous">): number | undefined {
  const currentMade = facts.current.createdDate?.getTime();
  if (currentMade === undefined) return undefined;
  const lastRotated = facts.lastRotatedDate?.getTime();
  if (lastRotated !== undefined && lastRotated >= currentMade) return lastRotated + facts.graceMs;
  if (facts.current.stages.includes("AWSPENDING")) return currentMade + facts.graceMs;
  return undefined;
}
