/**
 * Jest global teardown for the e2e run (in band, so it shares the suites' process). The run ends with
 * `forceExit` so that a leaked socket can never hang CI; this makes any such leak visible instead of silent.
 */
export default async function reportOpenHandles(): Promise<void> {
  // Not unref(): an unref'd timer lets Node exit mid-teardown with code 0, hiding failed tests.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const getHandles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles;
  const leaked = (getHandles?.call(process) ?? []).filter(isNetworkSocket);
  if (!leaked.length) return;
  const where = leaked.map((s) => `${s.remoteAddress ?? '?'}:${s.remotePort ?? '?'}`).join(', ');
  console.error(`e2e: ${leaked.length} socket(s) still open after every suite closed its app: ${where}`);
}

interface SocketLike {
  constructor: { name: string };
  remoteAddress?: string;
  remotePort?: number;
  destroyed?: boolean;
}

function isNetworkSocket(handle: unknown): handle is SocketLike {
  const h = handle as SocketLike;
  return h?.constructor?.name === 'Socket' && typeof h.remotePort === 'number' && !h.destroyed;
}
