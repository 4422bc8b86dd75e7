import * as fs from 'fs';
import * as path from 'path';
import { ActionCatalog, CatalogInfo, readCatalogInfo } from '../engine';

/** File name of the generated catalog; scripts/build.mjs copies it next to the bundles in dist/. */
export const CATALOG_FILE = 'aws-actions.json';

/**
 * Where the catalog is: next to the bundle (dist/, also inside the .vsix), or in the sources when
 * running compiled tests (out/server/src/node) or the sources themselves (server/src/node).
 */
function candidates(): string[] {
	return [
		path.join(__dirname, CATALOG_FILE),
		path.join(__dirname, '..', 'catalog', CATALOG_FILE),
		path.join(__dirname, '..', '..', '..', '..', 'server', 'src', 'catalog', CATALOG_FILE),
	];
}

/** The catalog file's path, or undefined when it is not installed. */
export function catalogPath(): string | undefined {
	return candidates().find((p) => fs.existsSync(p));
}

/** Reads the catalog text (one string, one JSON.parse: faster and smaller than an object literal in the bundle). Throws when the file is missing. */
export function readCatalogText(): string {
	const file = catalogPath();
	if (!file) throw new Error(`AWS action catalog ${CATALOG_FILE} not found next to ${__dirname}`);
	return fs.readFileSync(file, 'utf8');
}

let loaded: ActionCatalog | undefined;

/**
 * Reads and parses the catalog once per process; later calls return the same object. `onError`
 * hears why it could not be loaded (the caller logs it); the engine then skips catalog checks.
 */
export function loadActionCatalog(onError?: (message: string) => void): ActionCatalog | undefined {
	if (loaded) return loaded;
	try {
		loaded = ActionCatalog.parse(readCatalogText());
	} catch (e) {
		onError?.(`AWS action catalog unavailable: ${(e as Error)?.message ?? String(e)}`);
	}
	return loaded;
}

/** Only the catalog's header (source, version, date, counts), without parsing the actions. */
export function catalogInfo(): CatalogInfo | undefined {
	try {
		return readCatalogInfo(readCatalogText());
	} catch {
		return undefined;
	}
}
