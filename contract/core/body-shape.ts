/**
 * The shape of a JSON body: keys and the kinds of their values, never the values. Arrays keep one merged
 * element shape; an empty array is `[]`.
 */
export type BodyShape = string | BodyShape[] | { [key: string]: BodyShape };

export function shapeOf(value: unknown): BodyShape {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length ? [value.map(shapeOf).reduce(mergeShapes)] : [];
  if (typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => [key, shapeOf((value as Record<string, unknown>)[key])]);
    return Object.fromEntries(entries);
  }
  return typeof value;
}

function mergeShapes(a: BodyShape, b: BodyShape): BodyShape {
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return Object.fromEntries(
      keys.map((k) => [k, k in a && k in b ? mergeShapes(a[k], b[k]) : (a[k] ?? b[k])]),
    );
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (!a.length || !b.length) return a.length ? a : b;
    return [mergeShapes(a[0], b[0])];
  }
  const kinds = new Set([...kindsOf(a), ...kindsOf(b)]);
  return [...kinds].sort().join('|');
}

function kindsOf(shape: BodyShape): string[] {
  if (typeof shape === 'string') return shape.split('|');
  return [Array.isArray(shape) ? 'array' : 'object'];
}

function isObject(shape: BodyShape): shape is { [key: string]: BodyShape } {
  return typeof shape === 'object' && !Array.isArray(shape);
}

/** `{results: [{id: 'string'}]}` -> `results: array`, `results[]: object`, `results[].id: string`. */
export function flattenShape(shape: BodyShape, path = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof shape === 'string') {
    out.set(path || '(body)', shape);
  } else if (Array.isArray(shape)) {
    out.set(path || '(body)', shape.length ? 'array' : 'array (empty)');
    if (shape.length) for (const [k, v] of flattenShape(shape[0], `${path}[]`)) out.set(k, v);
  } else {
    out.set(path || '(body)', 'object');
    for (const [key, child] of Object.entries(shape)) {
      for (const [k, v] of flattenShape(child, path ? `${path}.${key}` : key)) out.set(k, v);
    }
  }
  return out;
}
