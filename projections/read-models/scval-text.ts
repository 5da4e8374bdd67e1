import type { ScValJson } from '../../contracts/scval-json.ts';

/**
 * A topic as plain text for filtering: symbols and strings as themselves, addresses as strkeys,
 * numbers as decimal text, bytes as hex, booleans as `true`/`false`, void as ''; anything
 * structured (vec, map, …) as its compact JSON.
 */
export function scValText(value: ScValJson): string {
  switch (value.type) {
    case 'symbol':
    case 'address':
    case 'bytes':
      return value.value;
    case 'string':
      return 'value' in value ? value.value : value.hex;
    case 'bool':
      return value.value ? 'true' : 'false';
    case 'void':
      return '';
    case 'u32':
    case 'i32':
      return value.value.toString();
    case 'u64':
    case 'i64':
    case 'timepoint':
    case 'duration':
    case 'u128':
    case 'i128':
    case 'u256':
    case 'i256':
      return value.value;
    default:
      return JSON.stringify(value);
  }
}
