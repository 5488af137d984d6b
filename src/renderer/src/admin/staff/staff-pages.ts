// Pages of the staff list, fetched as their rows scroll into view: the list knows every row's
// place from `total` and asks main only for the pages on screen. A bounded number of pages is
// kept, so scrolling through 100,000 people does not hold them all.

export const PAGE_SIZE = 200;
/** Pages kept in memory (the farthest from the last one asked for go first). */
export const MAX_PAGES = 40;

export class PageCache<Row> {
  private readonly pages = new Map<number, Row[]>();
  private readonly loading = new Set<number>();
  /** Every match of the search and filters; null until the first page arrives. */
  total: number | null = null;

  constructor(
    readonly pageSize = PAGE_SIZE,
    readonly maxPages = MAX_PAGES,
  ) {}

  pageOf(index: number): number {
    return Math.floor(index / this.pageSize);
  }

  row(index: number): Row | undefined {
    return this.pages.get(this.pageOf(index))?.[index % this.pageSize];
  }

  /** Pages covering rows first..last (inclusive) that are neither here nor on their way. */
  missing(first: number, last: number): number[] {
    if (last < first) return [];
    const out: number[] = [];
    const lastRow = this.total === null ? last : Math.min(last, this.total - 1);
    if (lastRow < 0 && this.total !== null) return [];
    for (let page = this.pageOf(first); page <= this.pageOf(Math.max(first, lastRow)); page++) {
      if (!this.pages.has(page) && !this.loading.has(page)) out.push(page);
    }
    return out;
  }

  markLoading(page: number): void {
    this.loading.add(page);
  }

  store(page: number, rows: Row[], total: number): void {
    this.loading.delete(page);
    this.total = total;
    this.pages.delete(page);
    this.pages.set(page, rows);
    this.evict(page);
  }

  /** A page that failed to load may be asked for again. */
  failed(page: number): void {
    this.loading.delete(page);
  }

  loadedPages(): number[] {
    return [...this.pages.keys()].sort((a, b) => a - b);
  }

  private evict(near: number): void {
    while (this.pages.size > this.maxPages) {
      let farthest = near;
      for (const page of this.pages.keys()) {
        if (Math.abs(page - near) > Math.abs(farthest - near)) farthest = page;
      }
      if (farthest === near) return;
      this.pages.delete(farthest);
    }
  }
}
