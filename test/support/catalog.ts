import * as fs from 'fs';
import * as path from 'path';
import { ActionCatalog, createChecker } from '../../server/src/engine';
import { builtinRequirementSets } from '../../server/src/scenarios';
import { repoRoot } from './fixtures';

/** The committed catalog file (what the build copies to dist/aws-actions.json). */
export const catalogFile = path.join(repoRoot, 'server', 'src', 'catalog', 'aws-actions.json');

let catalog: ActionCatalog | undefined;
let text: string | undefined;

/** The committed catalog's text, read once. */
export function catalogText(): string {
	return (text ??= fs.readFileSync(catalogFile, 'utf8'));
}

/** The real catalog, parsed once for all tests. */
export function testCatalog(): ActionCatalog {
	return (catalog ??= ActionCatalog.parse(catalogText()));
}

/** A checker with the built-in requirement sets and the real catalog, as the server and CLI build it. */
export const catalogChecker = createChecker(builtinRequirementSets, { catalog: testCatalog });

/** Splits a text at its `|` cursor marker (markdown-ls CURSOR / yaml-ls style). */
export function atCursor(marked: string): { text: string; offset: number } {
	const offset = marked.indexOf('|');
	if (offset < 0) throw new Error('no | cursor in the text');
	return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}
