import { runOrderedPipeline } from './ordered-pipeline';

function source(total: number, pageSize: number) {
  return async (cursor: string | null) => {
    const start = cursor ? Number(cursor) : 0;
    const items = Array.from({ length: Math.min(pageSize, total - start) }, (_, i) => start + i);
    const next = start + items.length;
    return { items, nextCursor: next < total ? String(next) : null };
  };
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runOrderedPipeline', () => {
  it('processes pages concurrently but commits them in order, with the cursor to restart from', async () => {
    const commits: Array<[number, string | null]> = [];
    let active = 0;
    let maxActive = 0;
    await runOrderedPipeline<number, number>({
      startCursor: null,
      concurrency: 3,
      signal: new AbortController().signal,
      stopped: () => new Error('stopped'),
      fetch: source(10, 2),
      process: async (items) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await delay(items[0] === 0 ? 30 : 5); // the first page finishes last
        active--;
        return items[0];
      },
      commit: async (first, _items, next) => {
        commits.push([first, next]);
      },
    });
    expect(commits).toEqual([
      [0, '2'],
      [2, '4'],
      [4, '6'],
      [6, '8'],
      [8, null],
    ]);
    expect(maxActive).toBe(3);
  });

  it('starts from the given cursor', async () => {
    const seen: number[] = [];
    await runOrderedPipeline<number, void>({
      startCursor: '6',
      concurrency: 2,
      signal: new AbortController().signal,
      stopped: () => new Error('stopped'),
      fetch: source(10, 3),
      process: async (items) => void seen.push(...items),
      commit: async () => undefined,
    });
    expect(seen.sort((a, b) => a - b)).toEqual([6, 7, 8, 9]);
  });

  it('commits nothing after a failed page, waits for pages in flight, and rethrows', async () => {
    const commits: number[] = [];
    const settled: number[] = [];
    const run = runOrderedPipeline<number, number>({
      startCursor: null,
      concurrency: 3,
      signal: new AbortController().signal,
      stopped: () => new Error('stopped'),
      fetch: source(10, 1),
      process: async ([n]) => {
        await delay(n === 1 ? 1 : 20);
        settled.push(n);
        if (n === 1) throw new Error('boom');
        return n;
      },
      commit: async (n) => void commits.push(n),
    });
    await expect(run).rejects.toThrow('boom');
    expect(commits).toEqual([0]);
    expect(settled.sort()).toEqual([0, 1, 2]);
  });

  it('stops at a page boundary once the signal aborts', async () => {
    const controller = new AbortController();
    const commits: number[] = [];
    const run = runOrderedPipeline<number, number>({
      startCursor: null,
      concurrency: 1,
      signal: controller.signal,
      stopped: () => new Error('stopped'),
      fetch: source(10, 1),
      process: async ([n]) => n,
      commit: async (n) => {
        commits.push(n);
        if (n === 2) controller.abort();
      },
    });
    await expect(run).rejects.toThrow('stopped');
    expect(commits).toEqual([0, 1, 2]);
  });

  it('skips empty pages but refuses a source that does not advance', async () => {
    const pages: Record<string, { items: number[]; nextCursor: string | null }> = {
      start: { items: [], nextCursor: 'a' },
      a: { items: [1], nextCursor: 'b' },
      b: { items: [], nextCursor: 'b' },
    };
    const run = runOrderedPipeline<number, number>({
      startCursor: null,
      concurrency: 2,
      signal: new AbortController().signal,
      stopped: () => new Error('stopped'),
      fetch: async (cursor) => pages[cursor ?? 'start'],
      process: async ([n]) => n,
      commit: async () => undefined,
    });
    await expect(run).rejects.toThrow(/empty page at cursor b/);
  });
});
