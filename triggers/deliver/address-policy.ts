import { isIPv4, isIPv6 } from 'node:net';

/** Why an address is not a public unicast target, or null when it is one. */
export type RefusedAddressKind =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared (carrier-grade NAT)'
  | 'link-local'
  | 'unique-local'
  | 'multicast'
  | 'reserved';

/**
 * Classifies an IPv4 or IPv6 literal (IPv6 may carry a `%zone` or be `[bracketed]`). IPv4-mapped,
 * NAT64 (64:ff9b::/96) and 6to4 (2002::/16) IPv6 addresses are judged by the IPv4 address they embed.
 * Returns null for a public address and for a string that is not an IP literal.
 */
export function refusedAddressKind(address: string): RefusedAddressKind | null {
  const bare = stripBrackets(address).split('%')[0] ?? '';
  if (isIPv4(bare)) return refusedIPv4(bare.split('.').map(Number));
  if (isIPv6(bare)) {
    const bytes = parseIPv6(bare);
    return bytes === null ? 'reserved' : refusedIPv6(bytes);
  }
  return null;
}

export const isIpLiteral = (host: string): boolean => {
  const bare = stripBrackets(host).split('%')[0] ?? '';
  return isIPv4(bare) || isIPv6(bare);
};

export const stripBrackets = (host: string): string =>
  host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;

function refusedIPv4(o: readonly number[]): RefusedAddressKind | null {
  const [a = 0, b = 0, c = 0] = o;
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 100 && b >= 64 && b <= 127) return 'shared (carrier-grade NAT)';
  if (a === 169 && b === 254) return 'link-local';
  if (a === 192 && b === 0 && c === 0) return 'reserved';
  if (a === 198 && (b === 18 || b === 19)) return 'reserved';
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'reserved';
  return null;
}

function refusedIPv6(x: Uint8Array): RefusedAddressKind | null {
  const zeroUpTo = (n: number): boolean => x.subarray(0, n).every((v) => v === 0);
  const embedded = (from: number): number[] => [...x.subarray(from, from + 4)];
  if (zeroUpTo(16)) return 'unspecified';
  if (zeroUpTo(15) && x[15] === 1) return 'loopback';
  if (zeroUpTo(10) && x[10] === 0xff && x[11] === 0xff) return refusedIPv4(embedded(12));
  const nat64 = x[0] === 0 && x[1] === 0x64 && x[2] === 0xff && x[3] === 0x9b;
  if (nat64 && x.subarray(4, 12).every((v) => v === 0)) return refusedIPv4(embedded(12));
  if (nat64 && x[4] === 0 && x[5] === 1) return 'private';
  if (x[0] === 0) return 'reserved';
  if (x[0] === 0x20 && x[1] === 0x02) return refusedIPv4(embedded(2));
  if (((x[0] ?? 0) & 0xfe) === 0xfc) return 'unique-local';
  if (x[0] === 0xfe && ((x[1] ?? 0) & 0xc0) === 0x80) return 'link-local';
  if (x[0] === 0xfe && ((x[1] ?? 0) & 0xc0) === 0xc0) return 'private';
  if (x[0] === 0xff) return 'multicast';
  return null;
}

/** 16 bytes of an IPv6 literal already checked by `isIPv6` (`::` and a trailing dotted quad allowed). */
function parseIPv6(text: string): Uint8Array | null {
  let s = text.toLowerCase();
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    const [p = 0, q = 0, r = 0, t = 0] = last.split('.').map(Number);
    const hex = (n: number): string => n.toString(16);
    s = `${s.slice(0, lastColon + 1)}${hex((p << 8) | q)}:${hex((r << 8) | t)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const part = (h: string | undefined): number[] =>
    h === undefined || h === '' ? [] : h.split(':').map((g) => Number.parseInt(g, 16));
  const head = part(halves[0]);
  const rest = part(halves[1]);
  const fill = halves.length === 2 ? 8 - head.length - rest.length : 0;
  if (fill < 0) return null;
  const groups = [...head, ...new Array<number>(fill).fill(0), ...rest];
  if (groups.length !== 8 || groups.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff)) return null;
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}
