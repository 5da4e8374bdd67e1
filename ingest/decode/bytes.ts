/** Raw bytes of an SDK XDR value: Uint8Array, BytesValue (`.value`), or anything with `toBytes()`. */
export function bytesOf(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  const v = value as { value?: unknown; toBytes?: () => Uint8Array };
  if (v.value instanceof Uint8Array) return v.value;
  if (typeof v.toBytes === 'function') return v.toBytes();
  throw new TypeError('value holds no bytes');
}

export const hexOf = (value: unknown): string => Buffer.from(bytesOf(value)).toString('hex');

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text of XDR string bytes, or null when the bytes are not valid UTF-8. */
export function textOf(value: unknown): string | null {
  const bytes = bytesOf((value as { bytes?: unknown }).bytes ?? value);
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}
