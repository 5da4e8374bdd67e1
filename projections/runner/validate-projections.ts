import type { Projection } from '../../contracts/projection.ts';
import { projectionError } from '../errors.ts';

const NAME = /^[a-z][a-z0-9_]*$/;
export const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/** The placeholder names a SQL text uses, in order of first appearance. */
export function placeholders(sql: string): string[] {
  const names: string[] = [];
  for (const match of sql.matchAll(PLACEHOLDER)) {
    const name = match[1] as string;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * Checks once, before anything runs, that the projections can be run together: names that are
 * valid identifiers, unique across all projections (tables become reader views in one database),
 * event types, and placeholders that each name a table of the same projection.
 */
export function validateProjections(projections: readonly Projection[]): void {
  const projectionNames = new Set<string>();
  const tableOwners = new Map<string, string>();
  for (const p of projections) {
    const fail = (why: string, table?: string) =>
      projectionError('PROJ_ERR_DEFINITION', `projection "${p.name}": ${why}`, {
        details: { projection: p.name, table },
      });
    if (typeof p.name !== 'string' || !NAME.test(p.name))
      throw fail('the name must be lower-case letters, digits and _, starting with a letter');
    if (projectionNames.has(p.name)) throw fail('another projection has the same name');
    projectionNames.add(p.name);
    if (!Number.isInteger(p.version) || p.version < 1) throw fail('version must be a whole number >= 1');
    if (p.eventTypes.length === 0) throw fail('eventTypes is empty: it would never receive an event');
    if (p.tables.length === 0) throw fail('it declares no tables');
    if (!p.tables.some((t) => t.kind === 'table'))
      throw fail("it declares no table of kind 'table' to write");
    const own = new Set(p.tables.map((t) => t.name));
    for (const t of p.tables) {
      if (!NAME.test(t.name) || t.name.includes('__'))
        throw fail(`table name "${t.name}" must be lower-case letters, digits and single _`, t.name);
      const owner = tableOwners.get(t.name);
      if (owner !== undefined)
        throw fail(`table "${t.name}" is also declared by projection "${owner}"`, t.name);
      tableOwners.set(t.name, p.name);
      if (!placeholders(t.create).includes(t.name))
        throw fail(`the CREATE of "${t.name}" does not use its own placeholder {{${t.name}}}`, t.name);
      for (const sql of [t.create, t.readerQuery ?? '']) {
        for (const name of placeholders(sql)) {
          if (!own.has(name))
            throw fail(`placeholder {{${name}}} in "${t.name}" names no table of this projection`, t.name);
        }
      }
    }
  }
}
