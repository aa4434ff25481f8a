/** Minimal JSON client for the demo's calls to the app (its user API, and the operators' routes). */
export class DemoHttp {
  calls = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly tokens: { api: string; admin: string },
  ) {}

  /** `as`: the credential the route wants (the app's API token, or the admin token). */
  async json<T>(method: string, path: string, body?: unknown, as: 'api' | 'admin' = 'api'): Promise<T> {
    this.calls++;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        'x-correlation-id': `demo-${this.calls}`,
        authorization: `Bearer ${this.tokens[as]}`,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} -> ${res.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  admin<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.json<T>(method, `/hubspot/admin${path}`, body, 'admin');
  }
}

/** Runs `fn` over `items`, `width` at a time. */
export async function inParallel<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]);
      }
    }),
  );
  return results;
}

export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
