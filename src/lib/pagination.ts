// Page arithmetic and page-link view models; pure, shared by every paged list.

export interface PageWindow {
  page: number;
  perPage: number;
  pageCount: number;
  offset: number;
  total: number;
}

/** Clamps the requested page into 1..pageCount so stale or absurd links still show a real page. */
export function pageWindow(total: number, requestedPage: number, perPage: number): PageWindow {
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  const page = Math.min(Math.max(1, Math.trunc(requestedPage) || 1), pageCount);
  return { page, perPage, pageCount, offset: (page - 1) * perPage, total };
}

export interface PageLink {
  page: number | null; // null is a gap ("…")
  href: string | null;
  current: boolean;
}

export interface Pagination {
  page: number;
  pageCount: number;
  prevHref: string | null;
  nextHref: string | null;
  links: PageLink[];
}

/** Links for pages around the current one, first and last always shown; hrefFor keeps the other query state. */
export function paginationLinks(window: Pick<PageWindow, 'page' | 'pageCount'>, hrefFor: (page: number) => string): Pagination {
  const { page, pageCount } = window;
  const wanted = new Set<number>([1, pageCount, page - 1, page, page + 1].filter((p) => p >= 1 && p <= pageCount));
  const pages = [...wanted].sort((a, b) => a - b);
  const links: PageLink[] = [];
  let last = 0;
  for (const p of pages) {
    if (p - last > 1) links.push({ page: null, href: null, current: false });
    links.push({ page: p, href: hrefFor(p), current: p === page });
    last = p;
  }
  return {
    page,
    pageCount,
    prevHref: page > 1 ? hrefFor(page - 1) : null,
    nextHref: page < pageCount ? hrefFor(page + 1) : null,
    links,
  };
}
