/** The value at a dotted path (`data.kind`, `data.topics.0`) of a stored payload; undefined when absent. */
export function valueAt(payload: unknown, path: string): unknown {
  let at: unknown = payload;
  for (const segment of path.split('.')) {
    if (Array.isArray(at)) {
      if (!/^\d+$/.test(segment)) return undefined;
      at = at[Number(segment)];
    } else if (typeof at === 'object' && at !== null) {
      at = Object.hasOwn(at, segment) ? (at as Record<string, unknown>)[segment] : undefined;
    } else return undefined;
  }
  return at;
}
