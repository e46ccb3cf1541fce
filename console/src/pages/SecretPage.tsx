/**
 * One secret: its details and rotation settings, the value masked (keys revealed one at a time), the
 * versions as a timeline, and the actions the client's scopes allow, each showing the API's answer.
 * While a rotation runs (or one was just started) the page is read again every 2 s.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { ApiSchema } from "../../../client";
import { isRotationInProgress, type VersionFacts } from "../../../shared/secrets/pending-rotation";
import type { AfterAction } from "../actions/action";
import { DeleteSecret } from "../actions/DeleteSecret";
import { DescriptionTags } from "../actions/DescriptionTags";
import { EditKeys } from "../actions/EditKeys";
import { ReplaceValue } from "../actions/ReplaceValue";
import { Rotation } from "../actions/Rotation";
import { type Answer, answerOf } from "../answer";
import { api } from "../api";
import { formatDate } from "../format";
import { AnswerView, type Outcome } from "../parts/AnswerView";
import { SecretDetails } from "../parts/SecretDetails";
import { ValueKeys } from "../parts/ValueKeys";
import { VersionsTimeline } from "../parts/VersionsTimeline";
import type { Permissions } from "../permissions";
import { LIST_HREF } from "../route";
import { ROTATION_POLL_LIMIT_MS, ROTATION_POLL_MS } from "../timings";
import { type ValueShape, valueShapeOf } from "../value-shape";

type Secret = ApiSchema<"SecretDescription">;
type Version = ApiSchema<"Version">;

interface Loaded {
  secret: Secret;
  versions: Version[];
  /** Absent while the value cannot be read (scheduled for deletion, or refused: see `shapeFailure`). */
  shape?: ValueShape;
  shapeFailure?: Answer<never>;
}

function factsOf(version: Version | undefined): VersionFacts | undefined {
  if (!version?.versionId) return undefined;
  return {
    versionId: version.versionId,
    stages: version.stages ?? [],
    ...(version.createdDate ? { createdDate: new Date(version.createdDate) } : {}),
  };
}

/** The version a rotation is making now (the API's one rule, shared/secrets/pending-rotation). */
function rotatingVersion(versions: Version[]): string | undefined {
  const pending = versions.find((version) => version.stages?.includes("AWSPENDING"));
  const current = versions.find((version) => version.stages?.includes("AWSCURRENT"));
  return isRotationInProgress(factsOf(pending), factsOf(current)) ? pending?.versionId : undefined;
}

const currentVersionId = (versions: Version[]) =>
  versions.find((version) => version.stages?.includes("AWSCURRENT"))?.versionId;

/** Reads the secret, its versions and (when AWSCURRENT moved since `known`) its value's keys. */
async function load(name: string, known: ValueShape | undefined): Promise<Answer<Loaded>> {
  const path = { id: name };
  const [described, listed] = await Promise.all([
    answerOf(api.GET("/secrets/{id}", { params: { path } })),
    answerOf(
      api.GET("/secrets/{id}/versions", {
        params: { path, query: { includeDeprecated: true, maxResults: 100 } },
      }),
    ),
  ]);
  if (!described.ok) return described;
  const versions = listed.ok ? (listed.data.versions ?? []) : [];
  const secret = described.data;
  if (secret.deletedDate) return { ok: true, status: 200, data: { secret, versions } };
  if (known && known.versionId === currentVersionId(versions))
    return { ok: true, status: 200, data: { secret, versions, shape: known } };
  // The only read of the whole value: its keys are kept, its values dropped at once (value-shape.ts).
  const read = await answerOf(api.GET("/secrets/{id}/value", { params: { path } }));
  if (!read.ok) return { ok: true, status: 200, data: { secret, versions, shapeFailure: read } };
  return { ok: true, status: 200, data: { secret, versions, shape: valueShapeOf(read.data) } };
}

export function SecretPage(props: { name: string; permissions: Permissions }) {
  const { name, permissions } = props;
  const [loaded, setLoaded] = useState<Loaded>();
  const [failure, setFailure] = useState<Answer<never>>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [gone, setGone] = useState(false);
  // Polling: until this time, and (after "Rotate now") until this version is AWSCURRENT.
  const [pollUntil, setPollUntil] = useState(0);
  const [awaited, setAwaited] = useState<string>();
  const latest = useRef(0);
  const shapeRef = useRef<ValueShape | undefined>(undefined);

  const reload = useCallback(
    async (fresh = false) => {
      const call = ++latest.current;
      // Reading afresh (Reload, or after a conflict) shows nothing stale meanwhile: no key of the old version.
      if (fresh) setLoaded(undefined);
      const answer = await load(name, fresh ? undefined : shapeRef.current);
      if (call !== latest.current) return;
      if (!answer.ok) {
        setFailure(answer);
        return;
      }
      setFailure(undefined);
      shapeRef.current = answer.data.shape;
      setLoaded(answer.data);
    },
    [name],
  );
  useEffect(() => {
    void reload();
  }, [reload]);

  const rotating = loaded ? rotatingVersion(loaded.versions) : undefined;
  const awaitedDone =
    awaited !== undefined && loaded !== undefined && currentVersionId(loaded.versions) === awaited;
  const polling = loaded !== undefined && (rotating !== undefined || (awaited !== undefined && !awaitedDone));
  useEffect(() => {
    if (awaitedDone) setAwaited(undefined);
    if (!polling) {
      if (pollUntil !== 0) setPollUntil(0);
      return;
    }
    // A rotation seen (or started) now: poll for at most ROTATION_POLL_LIMIT_MS from here.
    if (pollUntil === 0) return setPollUntil(Date.now() + ROTATION_POLL_LIMIT_MS);
    if (Date.now() > pollUntil) return;
    const timer = setTimeout(() => void reload(), ROTATION_POLL_MS);
    return () => clearTimeout(timer);
  }, [loaded, polling, awaitedDone, pollUntil, reload]);

  const done = useCallback(
    (action: string, answer: Answer<unknown>, then: AfterAction = {}) => {
      setOutcome({ action, answer });
      if (!answer.ok) return;
      if (then.gone) return setGone(true);
      if (then.awaitVersion) {
        setAwaited(then.awaitVersion);
        setPollUntil(0); // a new limit from now
      }
      void reload();
    },
    [reload],
  );
  const reloadAfterConflict = () => {
    setOutcome(undefined);
    void reload(true);
  };
  const restore = async () => {
    const answer = await answerOf(api.POST("/secrets/{id}/restore", { params: { path: { id: name } } }));
    done("Restore", answer);
  };

  const header = (
    <>
      <p>
        <a href={LIST_HREF}>All secrets</a>
      </p>
      <h1 id="secret-title">{name}</h1>
    </>
  );
  if (gone)
    return (
      <article aria-labelledby="secret-title">
        {header}
        <AnswerView outcome={outcome} />
        <p>The secret is deleted.</p>
      </article>
    );
  if (failure)
    return (
      <article aria-labelledby="secret-title">
        {header}
        <AnswerView outcome={{ action: "Read the secret", answer: failure }} />
      </article>
    );
  if (!loaded)
    return (
      <article aria-labelledby="secret-title">
        {header}
        <p role="status">Loading…</p>
      </article>
    );

  const { secret, shape } = loaded;
  const actionProps = { name, secret, shape, done };
  return (
    <article aria-labelledby="secret-title">
      {header}
      <button type="button" onClick={() => void reload(true)}>
        Reload
      </button>
      <AnswerView outcome={outcome} onReload={reloadAfterConflict} />
      {secret.deletedDate && (
        <div class="banner danger" data-testid="deletion-banner">
          <p>
            Scheduled for deletion: requested{" "}
            <time dateTime={secret.deletedDate}>{formatDate(secret.deletedDate)}</time>. Its value cannot be
            read until it is restored.
          </p>
          {permissions.can("restore", name) && (
            <button type="button" onClick={() => void restore()}>
              Restore
            </button>
          )}
        </div>
      )}
      <SecretDetails secret={secret} />
      {shape && (
        <ValueKeys
          name={name}
          shape={shape}
          canRead={permissions.can("reveal", name)}
          report={(next) => setOutcome(next)}
        />
      )}
      {loaded.shapeFailure && (
        <AnswerView outcome={{ action: "Read the value's keys", answer: loaded.shapeFailure }} />
      )}
      <VersionsTimeline versions={loaded.versions} rotatingVersion={rotating} polling={polling} />
      <section aria-labelledby="actions-title">
        <h2 id="actions-title">Actions</h2>
        {permissions.can("editKeys", name) && <EditKeys {...actionProps} />}
        {permissions.can("replaceValue", name) && <ReplaceValue {...actionProps} />}
        {permissions.can("updateMetadata", name) && <DescriptionTags {...actionProps} />}
        {permissions.can("rotate", name) && <Rotation {...actionProps} />}
        {permissions.can("delete", name) && <DeleteSecret {...actionProps} />}
      </section>
    </article>
  );
}
