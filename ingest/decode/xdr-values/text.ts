import type { xdr } from '@stellar/stellar-sdk';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/** An XDR string as text: `hex` is null when the bytes are valid UTF-8, else the exact bytes. */
export interface XdrText {
  readonly text: string;
  readonly hex: string | null;
}

export function bytesToText(bytes: Uint8Array): XdrText {
  try {
    return { text: strictUtf8.decode(bytes), hex: null };
  } catch {
    return { text: lenientUtf8.decode(bytes), hex: Buffer.from(bytes).toString('hex') };
  }
}

export const xdrText = (s: xdr.XdrString): XdrText => bytesToText(s.bytes);

/**
 * `{ [name]: text }`, plus `{ [name + 'Hex']: hex }` only when the bytes are not valid UTF-8:
 * the shape the operation bodies use for XDR strings.
 */
export function textFields<K extends string>(
  name: K,
  s: xdr.XdrString,
): { [P in K]: string } & { [P in `${K}Hex`]?: string } {
  const { text, hex } = xdrText(s);
  const out: Record<string, string> = { [name]: text };
  if (hex !== null) out[`${name}Hex`] = hex;
  return out as { [P in K]: string } & { [P in `${K}Hex`]?: string };
}

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
