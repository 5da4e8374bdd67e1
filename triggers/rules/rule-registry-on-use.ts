import { openRuleRegistry, type RuleRegistry } from './rule-registry.ts';

/**
 * A rule registry that opens its state file on first use, so a server whose clients never manage
 * rules creates no trigger state file. A file that cannot be opened fails that call
 * (TRIGGER_ERR_STATE), not the server's start.
 */
export function ruleRegistryOnUse(path: string): RuleRegistry {
  let registry: RuleRegistry | null = null;
  const open = (): RuleRegistry => {
    registry ??= openRuleRegistry(path);
    return registry;
  };
  return {
    list: () => open().list(),
    put: (definition, by, options) => open().put(definition, by, options),
    remove: (name) => open().remove(name),
    version: () => open().version(),
    close: () => {
      registry?.close();
      registry = null;
    },
  };
}
