/**
 * A secret's staging labels, kept on the secret's own row as one JSON array of [label, versionId] pairs
 * in the order the labels were attached (the order AWS lists a version's VersionStages in). A label is
 * on at most one version; a secret carries a handful. Kept with the secret rather than in a table of
 * their own so that the row every operation reads anyway holds them, and the commonest write (a put
 * moving AWSCURRENT and AWSPREVIOUS) rewrites that one row instead of label rows on a page of their own.
 *
 * The functions here are pure: each answers a new list and never changes the one it was given.
 */
export type LabelEntry = readonly [label: string, versionId: string];
export type Labels = readonly LabelEntry[];

export const NO_LABELS: Labels = [];

/** The stored text of no labels, the column's default. */
export const NO_LABELS_TEXT = "[]";

export function decodeLabels(text: string): Labels {
  return JSON.parse(text) as Labels;
}

export function encodeLabels(labels: Labels): string {
  return JSON.stringify(labels);
}

/** The version `label` is on, if any. */
export function holderOf(labels: Labels, label: string): string | undefined {
  for (const [name, versionId] of labels) if (name === label) return versionId;
  return undefined;
}

/** The labels on `versionId`, in attach order. */
export function labelsOn(labels: Labels, versionId: string): string[] {
  const out: string[] = [];
  for (const [name, holder] of labels) if (holder === versionId) out.push(name);
  return out;
}

/** Version id -> its labels in attach order, for the labelled versions only. */
export function labelsByVersion(labels: Labels): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [name, versionId] of labels) {
    const list = map.get(versionId);
    if (list) list.push(name);
    else map.set(versionId, [name]);
  }
  return map;
}

/** `label` on `versionId` (taken from the version that had it), last in attach order. */
export function withLabel(labels: Labels, label: string, versionId: string): Labels {
  return [...withoutLabel(labels, label), [label, versionId]];
}

export function withoutLabel(labels: Labels, label: string): Labels {
  return labels.filter(([name]) => name !== label);
}
