/**
 * "Did you mean" suggestions by edit distance (optimal string alignment:
 * insertions, deletions, substitutions and swaps of adjacent characters,
 * each costing 1), so that `mutli` suggests `multi`.
 */

/** Maximum length of a compared word. Longer words get no suggestion, which keeps the cost bounded. */
const MAX_COMPARED_LENGTH = 64;

/** Returns the optimal-string-alignment distance between two words. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const distances: number[][] = [];
  for (let i = 0; i < rows; i++) {
    distances.push(new Array<number>(columns).fill(0));
    distances[i][0] = i;
  }
  for (let j = 0; j < columns; j++) {
    distances[0][j] = j;
  }
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(distances[i - 1][j] + 1, distances[i][j - 1] + 1, distances[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, distances[i - 2][j - 2] + 1);
      }
      distances[i][j] = best;
    }
  }
  return distances[a.length][b.length];
}

/**
 * Returns the candidate closest to `word`, or undefined when none is close.
 * Comparison ignores case. The distance may be 0 for words of one or two
 * characters (only case differs), 1 for three to five characters and 2 for
 * longer words. Ties go to the earlier candidate.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length === 0 || word.length > MAX_COMPARED_LENGTH) {
    return undefined;
  }
  const limit = word.length <= 2 ? 0 : word.length <= 5 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word || Math.abs(candidate.length - word.length) > limit) {
      continue;
    }
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Formats a list of names for a message: `a`, `b` or `c`. */
export function listNames(names: readonly string[]): string {
  const quoted = names.map((name) => `\`${name}\``);
  if (quoted.length <= 1) {
    return quoted.join('');
  }
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}
