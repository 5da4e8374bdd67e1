import type { NewEvent } from '../../contracts/event-store.ts';
import { STORE_ERR_CORRUPT, STORE_ERR_TOO_LARGE, storeError } from '../errors.ts';
import type { Statements } from './statements.ts';

/** A segment's `types` column holds one character per event: TYPE_CHAR_BASE + the type's code (1, 2…). */
export const TYPE_CHAR_BASE = 0x20;
/** Codes stay below the UTF-16 surrogates, so each type character is valid UTF-8 text on its own. */
export const MAX_TYPE_CODE = 0xd7ff - TYPE_CHAR_BASE;

/**
 * The `event_types` table (code ⇄ name) cached in memory. Codes are only ever added, never changed,
 * so a cached entry stays right forever; names another process added are loaded on the first miss.
 */
export interface TypeDictionary {
  /** Inside a write transaction: the `types` text of these events, adding unknown types. */
  encode(events: readonly NewEvent[]): string;
  /** After that transaction: keep the types it added (committed) or forget them (rolled back). */
  settle(committed: boolean): void;
  /** The type of one character of a `types` column; `where` names the segment for the error. */
  nameOf(char: number, where: string): string;
  /** The characters standing for these names; `complete` is false while some name has no code yet. */
  charsOf(names: readonly string[]): { chars: ReadonlySet<number>; complete: boolean };
}

export function createTypeDictionary(st: Statements, path: string): TypeDictionary {
  const byName = new Map<string, number>();
  const names: string[] = [];
  let pending = new Map<string, number>();
  /** Every code up to this one is loaded (codes learned from own writes may sit above it). */
  let loadedUpTo = 0;

  const learn = (name: string, code: number): void => {
    names[code] = name;
    byName.set(name, code);
  };
  const reload = (): void => {
    for (const { code, name } of st.typesAfter.all(loadedUpTo)) {
      learn(name, code);
      loadedUpTo = code;
    }
  };

  const codeInWrite = (type: string): number => {
    const known = byName.get(type) ?? pending.get(type) ?? st.typeCode.get(type);
    if (known !== undefined) {
      pending.set(type, known);
      return known;
    }
    const code = Number(st.insertType.run(type).lastInsertRowid);
    if (code > MAX_TYPE_CODE) {
      throw storeError(
        STORE_ERR_TOO_LARGE,
        `Event store ${path} already has ${MAX_TYPE_CODE} event types; type ${type} cannot be added. Use fewer distinct event types`,
        { details: { path, type } },
      );
    }
    pending.set(type, code);
    return code;
  };

  return {
    encode(events) {
      const chars = new Uint16Array(events.length);
      for (let i = 0; i < events.length; i++) {
        const type = (events[i] as NewEvent).type;
        chars[i] = TYPE_CHAR_BASE + (byName.get(type) ?? codeInWrite(type));
      }
      let text = '';
      for (let i = 0; i < chars.length; i += 8_192)
        text += String.fromCharCode(...chars.subarray(i, i + 8_192));
      return text;
    },
    settle(committed) {
      if (committed) {
        for (const [name, code] of pending) learn(name, code);
      }
      pending = new Map();
    },
    nameOf(char, where) {
      const code = char - TYPE_CHAR_BASE;
      let name = names[code];
      if (name === undefined) {
        reload();
        name = names[code];
      }
      if (name === undefined) {
        throw storeError(
          STORE_ERR_CORRUPT,
          `Event type code ${code} of ${where} in ${path} is not in the event_types table; inspect the file`,
          { details: { path, where, code } },
        );
      }
      return name;
    },
    charsOf(wanted) {
      if (wanted.some((name) => !byName.has(name))) reload();
      const chars = new Set<number>();
      for (const name of wanted) {
        const code = byName.get(name);
        if (code !== undefined) chars.add(TYPE_CHAR_BASE + code);
      }
      return { chars, complete: wanted.every((name) => byName.has(name)) };
    },
  };
}
