export interface PipelinePage<T> {
  items: T[];
  /** Where the source continues after this page; null after the last page. */
  nextCursor: string | null;
}

export interface PipelineOptions<T, R> {
  startCursor: string | null;
  /** Pages processed at once; commits still happen strictly in page order. */
  concurrency: number;
  signal: AbortSignal;
  /** The error to throw once the signal aborts (after in-flight pages settled). */
  stopped: () => Error;
  fetch(cursor: string | null): Promise<PipelinePage<T>>;
  process(items: T[]): Promise<R>;
  /**
   * Called once per page, in page order, after the page and every page before it are done: the place to save
   * `nextCursor` as the checkpoint. A restart from it redoes at most the pages that were in flight.
   */
  commit(result: R, items: T[], nextCursor: string | null): Promise<void>;
}

/**
 * Pages a source and processes up to `concurrency` pages at once (enough to keep HubSpot's window full while
 * each batch waits on the network), committing results in order like a consumer's offset commits.
 * On any failure it waits for the pages in flight, then rethrows; nothing after a failed page is committed.
 */
export async function runOrderedPipeline<T, R>(options: PipelineOptions<T, R>): Promise<void> {
  const inFlight: Array<{ result: Promise<R>; items: T[]; nextCursor: string | null }> = [];
  let cursor = options.startCursor;
  let exhausted = false;
  let failed = false;
  try {
    while (!exhausted || inFlight.length) {
      while (!exhausted && !failed && inFlight.length < options.concurrency) {
        if (options.signal.aborted) throw options.stopped();
        const previous = cursor;
        const page = await options.fetch(cursor);
        cursor = page.nextCursor;
        exhausted = cursor === null;
        if (!page.items.length) {
          if (!exhausted && cursor === previous)
            throw new Error(`Source returned an empty page at cursor ${cursor}`);
          continue;
        }
        const result = options.process(page.items);
        // Observed below, in order; meanwhile stop starting pages once one failed.
        result.catch(() => (failed = true));
        inFlight.push({ result, items: page.items, nextCursor: exhausted ? null : cursor });
      }
      const head = inFlight[0];
      if (!head) break;
      const result = await head.result;
      inFlight.shift();
      await options.commit(result, head.items, head.nextCursor);
    }
  } catch (err) {
    await Promise.allSettled(inFlight.map((f) => f.result));
    throw err;
  }
}
