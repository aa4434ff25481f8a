/** A tiny segment router: literal segments beat `:params`; routes are grouped by method and length. */
export type Params = Record<string, string>;

export interface RouteMatch<H> {
  handler: H;
  params: Params;
  route: string;
}

interface Route<H> {
  pattern: string;
  segments: string[];
  handler: H;
  literalCount: number;
}

export class Router<H> {
  private readonly byKey = new Map<string, Route<H>[]>();

  add(method: string, pattern: string, handler: H): this {
    const segments = split(pattern);
    const key = `${method} ${segments.length}`;
    const list = this.byKey.get(key) ?? [];
    const literalCount = segments.filter((s) => !s.startsWith(':')).length;
    list.push({ pattern, segments, handler, literalCount });
    // Most specific first so `/batch/read` wins over `/:objectId`.
    list.sort((a, b) => b.literalCount - a.literalCount || firstParamIndex(b) - firstParamIndex(a));
    this.byKey.set(key, list);
    return this;
  }

  match(method: string, path: string): RouteMatch<H> | undefined {
    const parts = split(path);
    const list = this.byKey.get(`${method} ${parts.length}`);
    if (!list) return undefined;
    for (const route of list) {
      const params = matchSegments(route.segments, parts);
      if (params) return { handler: route.handler, params, route: route.pattern };
    }
    return undefined;
  }

  /** Whether any method is routed for this path (to answer 405 vs 404). */
  hasPath(path: string, methods: string[]): boolean {
    return methods.some((m) => this.match(m, path) !== undefined);
  }
}

function split(path: string): string[] {
  const parts = path.split('/');
  const out: string[] = [];
  for (const p of parts) if (p !== '') out.push(p);
  return out;
}

function firstParamIndex(route: { segments: string[] }): number {
  const i = route.segments.findIndex((s) => s.startsWith(':'));
  return i === -1 ? route.segments.length : i;
}

function matchSegments(segments: string[], parts: string[]): Params | undefined {
  const params: Params = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (seg.charCodeAt(0) === 58 /* ':' */) {
      params[seg.slice(1)] = safeDecode(parts[i]);
    } else if (seg !== parts[i]) {
      return undefined;
    }
  }
  return params;
}

function safeDecode(value: string): string {
  if (value.indexOf('%') === -1) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
