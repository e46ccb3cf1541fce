/** A secret's versions, newest first, with their stage labels; never their values. */
import type { ApiSchema } from "../../../client";
import { formatDate } from "../format";

type Version = ApiSchema<"Version">;

/** Newest first; versions without a date last. */
export function newestFirst(versions: Version[]): Version[] {
  const time = (version: Version) => (version.createdDate ? Date.parse(version.createdDate) : 0);
  return [...versions].sort((a, b) => time(b) - time(a));
}

export function VersionsTimeline(props: { versions: Version[]; rotatingVersion?: string; polling: boolean }) {
  return (
    <section aria-labelledby="versions-title">
      <h2 id="versions-title">Versions</h2>
      {props.rotatingVersion && (
        <p role="status" class="rotating">
          A rotation is running: version <code>{props.rotatingVersion}</code> is AWSPENDING.
        </p>
      )}
      {props.polling && <p class="hint">Read again every 2 s until the rotation's version is AWSCURRENT.</p>}
      <ol class="timeline" aria-label="Versions, newest first">
        {newestFirst(props.versions).map((version) => (
          <li key={version.versionId} data-version={version.versionId}>
            <code class="version-id">{version.versionId}</code>
            <time dateTime={version.createdDate}>{formatDate(version.createdDate)}</time>
            {(version.stages ?? []).length === 0 ? (
              <span class="hint">no stage label (deprecated)</span>
            ) : (
              <ul class="stages" aria-label="Stage labels">
                {(version.stages ?? []).map((stage) => (
                  <li key={stage} class={`stage stage-${stage.toLowerCase()}`} data-stage={stage}>
                    {stage}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
