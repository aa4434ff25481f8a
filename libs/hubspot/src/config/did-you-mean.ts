import { getMetadataStorage } from 'class-validator';

/** The option names an options class declares (every decorated property). */
export function declaredOptionNames(target: object): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

/** The candidate closest to `name` (case-insensitive edit distance), if it is close enough to be a typo. */
export function closestName(name: string, candidates: string[]): string | undefined {
  const wanted = name.toLowerCase();
  // An abbreviation (`props` for `properties`) is as likely a slip as a typo.
  const expanded = candidates.filter((c) => wanted.length >= 4 && abbreviates(wanted, c.toLowerCase()));
  if (expanded.length === 1) return expanded[0];
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  const tolerance = Math.max(2, Math.floor(name.length / 3));
  return best && best.distance <= tolerance ? best.candidate : undefined;
}

/** `short` is `long` with letters left out (its letters appear in `long`, in order, starting with the first). */
function abbreviates(short: string, long: string): boolean {
  if (short.length >= long.length || short[0] !== long[0]) return false;
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

/** Levenshtein distance (insertions, deletions, substitutions), one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
