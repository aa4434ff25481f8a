/** Tiny fetch wrapper for the emulator's own e2e tests. */
// Test helper: loosely typed bodies keep assertions short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface CallResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export function apiClient(baseUrl: string, token?: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return async function call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<CallResult<T>> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  };
}

export type ApiCall = ReturnType<typeof apiClient>;
