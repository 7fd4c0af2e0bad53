/**
 * DRF PageNumberPagination with `limit` as the page-size parameter: the
 * `{count, next, previous, results}` envelope with absolute links built from the request URL.
 */

export type PageResult<T> =
  | { ok: true; body: { count: number; next: string | null; previous: string | null; results: T[] } }
  | { ok: false };

const DEFAULT_LIMIT = 10;

function positiveInt(text: string | null): number | undefined {
  if (text === null || !/^\d+$/.test(text.trim())) return undefined;
  const n = Number(text);
  return n >= 1 ? n : undefined;
}

function link(url: URL, page: number): string {
  const next = new URL(url.href);
  // DRF drops the page parameter for the first page.
  if (page === 1) next.searchParams.delete('page');
  else next.searchParams.set('page', String(page));
  return next.href;
}

/** `ok: false` is DRF's "Invalid page." 404 (a page that is not a number, or past the end). */
export function paginate<T>(items: T[], url: URL, pageSizeCap?: number): PageResult<T> {
  // An invalid `limit` falls back to the default, as DRF does.
  let limit = positiveInt(url.searchParams.get('limit')) ?? DEFAULT_LIMIT;
  if (pageSizeCap !== undefined && pageSizeCap > 0) limit = Math.min(limit, pageSizeCap);
  const pageParam = url.searchParams.get('page');
  const page = pageParam === null || pageParam === 'last' ? undefined : positiveInt(pageParam);
  const pages = Math.max(1, Math.ceil(items.length / limit));
  const number = pageParam === 'last' ? pages : pageParam === null ? 1 : page;
  if (number === undefined || number > pages) return { ok: false };
  return {
    ok: true,
    body: {
      count: items.length,
      next: number < pages ? link(url, number + 1) : null,
      previous: number > 1 ? link(url, number - 1) : null,
      results: items.slice((number - 1) * limit, number * limit),
    },
  };
}
