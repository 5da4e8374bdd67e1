/**
 * A lossless JSON form of a Soroban `ScVal`, with a type tag on every value:
 * 64-bit and wider integers are decimal strings, bytes are lowercase hex, addresses are strkeys,
 * maps and vectors keep their order. Strings that are not valid UTF-8 carry `hex` instead of `value`.
 */
export type ScValJson =
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'void' }
  | { readonly type: 'error'; readonly value: { readonly kind: string; readonly code: string | number } }
  | { readonly type: 'u32' | 'i32'; readonly value: number }
  | {
      readonly type: 'u64' | 'i64' | 'timepoint' | 'duration' | 'u128' | 'i128' | 'u256' | 'i256';
      readonly value: string;
    }
  | { readonly type: 'bytes'; readonly value: string }
  | { readonly type: 'string' | 'symbol'; readonly value: string }
  | { readonly type: 'string'; readonly hex: string }
  | { readonly type: 'vec'; readonly value: readonly ScValJson[] | null }
  | {
      readonly type: 'map';
      readonly value: ReadonlyArray<{ readonly key: ScValJson; readonly val: ScValJson }> | null;
    }
  | { readonly type: 'address'; readonly value: string }
  | { readonly type: 'contract_instance'; readonly executable: string; readonly wasmHash?: string }
  | { readonly type: 'ledger_key_contract_instance' }
  | { readonly type: 'ledger_key_nonce'; readonly value: string };
