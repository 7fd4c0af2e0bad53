import { relative, sep } from 'node:path';
import { packageFile } from '../package-info.js';

/**
 * The `# yaml-language-server: $schema=...` line for a catalog file in `fileDir`: a relative path
 * to the schema shipped with shelf, which stays valid for everyone when shelf is installed in the
 * catalog repository's node_modules.
 */
export function catalogSchemaHint(fileDir: string): string {
  const path = relative(fileDir, packageFile('schemas', 'catalog.schema.json')).split(sep).join('/');
  return `# yaml-language-server: $schema=${path}`;
}
