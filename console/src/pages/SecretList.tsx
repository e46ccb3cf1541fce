/**
 * The list: name-prefix and tag filters, "include scheduled for deletion", pages of 10-100 (the API's
 * `nextToken`; earlier pages by the tokens already seen), and each secret's rotation badge.
 */
import { useEffect, useState } from "preact/hooks";
import type { ApiSchema } from "../../../client";
import { type Answer, answerOf } from "../answer";
import { api } from "../api";
import { formatDate } from "../format";
import { AnswerView } from "../parts/AnswerView";
import { RotationBadge } from "../parts/RotationBadge";
import { secretHref } from "../route";

type Entry = ApiSchema<"ListedSecret">;

interface Filters {
  namePrefix?: string;
  tagKey?: string;
  tagValue?: string;
  includePlannedDeletion?: boolean;
  maxResults: number;
}

const PAGE_SIZES = [10, 25, 50, 100];

function filtersFrom(form: HTMLFormElement): Filters {
  const data = new FormData(form);
  const text = (name: string) => {
    const value = String(data.get(name) ?? "").trim();
    return value === "" ? undefined : value;
  };
  return {
    namePrefix: text("namePrefix"),
    tagKey: text("tagKey"),
    tagValue: text("tagValue"),
    includePlannedDeletion: data.get("includePlannedDeletion") === "on" || undefined,
    maxResults: Number(data.get("maxResults") ?? 25),
  };
}

export function SecretList() {
  const [filters, setFilters] = useState<Filters>({ maxResults: 25 });
  // tokens[i] reads page i; page 0 needs none.
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState(0);
  const [answer, setAnswer] = useState<Answer<{ secrets?: Entry[]; nextToken?: string }>>();
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let current = true;
    setLoading(true);
    void answerOf(
      api.GET("/secrets", { params: { query: { ...filters, sortOrder: "asc", nextToken: tokens[page] } } }),
    ).then((next) => {
      if (!current) return;
      setAnswer(next);
      setLoading(false);
      if (next.ok && next.data.nextToken) {
        const token = next.data.nextToken;
        setTokens((known) => [...known.slice(0, page + 1), token]);
      }
    });
    return () => {
      current = false;
    };
  }, [filters, page, tokens[page]]);

  const apply = (event: Event) => {
    event.preventDefault();
    setFilters(filtersFrom(event.currentTarget as HTMLFormElement));
    setTokens([undefined]);
    setPage(0);
  };
  const secrets = answer?.ok ? (answer.data.secrets ?? []) : [];
  const hasNext = answer?.ok === true && Boolean(answer.data.nextToken);

  return (
    <section aria-labelledby="list-title">
      <h1 id="list-title">Secrets</h1>
      <form class="filters" onSubmit={apply} aria-label="Filters">
        <div class="field">
          <label for="filter-prefix">Name prefix</label>
          <input id="filter-prefix" name="namePrefix" autocomplete="off" placeholder="app/" />
        </div>
        <div class="field">
          <label for="filter-tag-key">Tag key</label>
          <input id="filter-tag-key" name="tagKey" autocomplete="off" />
        </div>
        <div class="field">
          <label for="filter-tag-value">Tag value</label>
          <input id="filter-tag-value" name="tagValue" autocomplete="off" />
        </div>
        <div class="field">
          <label for="filter-size">Per page</label>
          <select id="filter-size" name="maxResults">
            {PAGE_SIZES.map((size) => (
              <option key={size} value={String(size)} selected={size === 25}>
                {size}
              </option>
            ))}
          </select>
        </div>
        <div class="field check">
          <input id="filter-deleted" name="includePlannedDeletion" type="checkbox" />
          <label for="filter-deleted">Include scheduled for deletion</label>
        </div>
        <button type="submit">Apply filters</button>
      </form>

      {answer && !answer.ok && <AnswerView outcome={{ action: "List secrets", answer }} />}
      <p role="status" class="list-status">
        {loading ? "Loading…" : answer?.ok ? `${secrets.length} on page ${page + 1}` : ""}
      </p>
      {answer?.ok &&
        (secrets.length === 0 ? (
          <p>No secrets match.</p>
        ) : (
          <table class="secrets">
            <caption class="visually-hidden">Secrets, page {page + 1}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Rotation</th>
                <th scope="col">Description</th>
                <th scope="col">Last changed</th>
                <th scope="col">Tags</th>
              </tr>
            </thead>
            <tbody>
              {secrets.map((entry) => (
                <tr key={entry.name} data-secret={entry.name}>
                  <td>
                    <a href={secretHref(entry.name ?? "")}>{entry.name}</a>
                    {entry.deletedDate && (
                      <span class="note"> scheduled for deletion ({formatDate(entry.deletedDate)})</span>
                    )}
                  </td>
                  <td>
                    <RotationBadge state={entry.rotationState} />
                  </td>
                  <td>{entry.description}</td>
                  <td>
                    <time dateTime={entry.lastChangedDate}>{formatDate(entry.lastChangedDate)}</time>
                  </td>
                  <td>
                    {Object.entries(entry.tags ?? {})
                      .map(([key, value]) => `${key}=${value}`)
                      .join(", ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      <nav class="pages" aria-label="Pages">
        <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
          Previous page
        </button>
        <span>Page {page + 1}</span>
        <button type="button" disabled={!hasNext} onClick={() => setPage(page + 1)}>
          Next page
        </button>
      </nav>
    </section>
  );
}
