/**
 * The shelf.yaml `import` writes into a repository that has none, so that `plan` afterwards
 * looks at the same scope the import read (and never prunes: that is for the user to turn on).
 */
import { Document } from 'yaml';
import type { Settings } from '../model/settings.js';
import { schemaHint } from './repository-files.js';

export function settingsFileText(root: string, scope: Settings['scope']): string {
  const doc = new Document({
    scope: { sku_prefixes: scope.skuPrefixes, categories: scope.categories },
    prune: false,
  });
  doc.commentBefore = [
    schemaHint('shelf', root, root).slice(1),
    ' shelf settings, written by `shelf import` with the scope it read. `shelf init` shows every key.',
    ' The API URL and token come from SHELF_URL and SHELF_TOKEN (or seller_center.url here).',
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}
