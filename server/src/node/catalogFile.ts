import { ActionCatalog, CatalogInfo, readCatalogInfo } from '../engine';
import { dataFilePath, parsedOnce, readDataFile } from './dataFile';

/** File name of the generated catalog; scripts/build.mjs copies it next to the bundles in dist/. */
export const CATALOG_FILE = 'aws-actions.json';

/** The catalog file's path, or undefined when it is not installed. */
export function catalogPath(): string | undefined {
	return dataFilePath(CATALOG_FILE);
}

/** Reads the catalog text (one string, one JSON.parse: faster and smaller than an object literal in the bundle). Throws when the file is missing. */
export function readCatalogText(): string {
	return readDataFile(CATALOG_FILE, 'AWS action catalog');
}

/** The catalog, read and parsed once per process; without it the engine skips catalog checks. */
export const loadActionCatalog = parsedOnce(readCatalogText, (text) => ActionCatalog.parse(text), 'AWS action catalog');

/** Only the catalog's header (source, version, date, counts), without parsing the actions. */
export function catalogInfo(): CatalogInfo | undefined {
	try {
		return readCatalogInfo(readCatalogText());
	} catch {
		return undefined;
	}
}
