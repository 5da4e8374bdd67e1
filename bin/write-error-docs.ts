import fs from 'node:fs';
import { renderErrorDocs } from '../cli/error-codes.ts';

fs.writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorDocs());
