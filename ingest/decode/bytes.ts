/** Raw bytes of an SDK XDR value: Uint8Array, BytesValue (`.value`), or anything with `toBytes()`. */
export function bytesOf(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  const v = value as { value?: unknown; toBytes?: () => Uint8Array };
  if (v.value instanceof Uint8Array) return v.value;
  if (typeof v.toBytes === 'function') return v.toBytes();
  throw new TypeError('value holds no bytes');
}

/** A Buffer over the same memory (no copy), for Buffer's fast hex and latin1 encoders. */
function bufferView(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export const hexOf = (value: unknown): string => bufferView(bytesOf(value)).toString('hex');

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text of XDR string bytes, or null when the bytes are not valid UTF-8. */
export function textOf(value: unknown): string | null {
  const bytes = bytesOf((value as { bytes?: unknown }).bytes ?? value);
  const ascii = shortAscii(bytes);
  if (ascii !== null) return ascii;
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/** Short ASCII text (every symbol, most strings), built without the UTF-8 validator; else null. */
function shortAscii(bytes: Uint8Array): string | null {
  if (bytes.length > 32) return null;
  let text = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i] as number;
    if (c > 0x7f) return null;
    text += String.fromCharCode(c);
  }
  return text;
}
