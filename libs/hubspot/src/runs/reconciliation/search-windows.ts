/** HubSpot's search returns at most 10,000 results per query; paging past them is a 400. */
export const SEARCH_RESULT_CAP = 10_000;

export interface SearchWindow {
  /** Inclusive, epoch ms. */
  from: number;
  /** Exclusive, epoch ms. */
  to: number;
  total: number;
}

/**
 * Splits [from, to) into consecutive windows whose search total stays within the cap, halving any window
 * that exceeds it. `count` runs one search (limit 1) for a window and returns its total. A single
 * millisecond holding more than the cap cannot be split and is returned as is (flagged by its total).
 */
export async function splitSearchWindows(
  from: number,
  to: number,
  count: (from: number, to: number) => Promise<number>,
  cap = SEARCH_RESULT_CAP,
): Promise<SearchWindow[]> {
  if (to <= from) return [];
  const total = await count(from, to);
  if (total === 0) return [];
  if (total <= cap || to - from <= 1) return [{ from, to, total }];
  const mid = from + Math.floor((to - from) / 2);
  return [
    ...(await splitSearchWindows(from, mid, count, cap)),
    ...(await splitSearchWindows(mid, to, count, cap)),
  ];
}
