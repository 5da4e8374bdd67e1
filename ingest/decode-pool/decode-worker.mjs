// Worker bootstrap: the project runs from TypeScript through tsx, and a worker does not inherit the
// parent's loader, so register it here before loading the worker body.
import { register } from 'tsx/esm/api';

register();
await import('./decode-worker.ts');
