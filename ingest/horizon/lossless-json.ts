/**
 * JSON.parse that keeps integers beyond Number.MAX_SAFE_INTEGER exact, as decimal strings (Horizon
 * sends some int64 fields, e.g. offer ids in old records, as JSON numbers). Strings are skipped with
 * their escapes, so digits inside them are never touched. Throws SyntaxError like JSON.parse.
 */
export function parseJsonLossless(text: string): unknown {
  return JSON.parse(quoteBigIntegers(text));
}

const DIGIT_0 = 48;
const DIGIT_9 = 57;

function quoteBigIntegers(text: string): string {
  let out: string[] | null = null;
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < n) {
        const s = text.charCodeAt(i);
        if (s === 92 /* \ */) i += 2;
        else if (s === 34) break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === 45 /* - */ || (c >= DIGIT_0 && c <= DIGIT_9)) {
      const start = i;
      i++;
      let integer = true;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d >= DIGIT_0 && d <= DIGIT_9) i++;
        else if (d === 46 || d === 101 || d === 69 || d === 43 || d === 45) {
          integer = false;
          i++;
        } else break;
      }
      const digits = c === 45 ? i - start - 1 : i - start;
      if (integer && digits >= 16 && !Number.isSafeInteger(Number(text.slice(start, i)))) {
        out ??= [];
        out.push(text.slice(copied, start), '"', text.slice(start, i), '"');
        copied = i;
      }
      continue;
    }
    i++;
  }
  if (out === null) return text;
  out.push(text.slice(copied));
  return out.join('');
}
