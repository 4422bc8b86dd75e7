import * as fs from 'fs';
import * as path from 'path';

/**
 * Where a generated data file is: next to the bundle (dist/, also inside the .vsix), or in the
 * sources when running compiled tests (out/server/src/node) or the sources themselves (server/src/node).
 * scripts/build.mjs copies each one next to the bundles.
 */
export function dataFilePath(name: string): string | undefined {
	return [
		path.join(__dirname, name),
		path.join(__dirname, '..', 'catalog', name),
		path.join(__dirname, '..', '..', '..', '..', 'server', 'src', 'catalog', name),
	].find((p) => fs.existsSync(p));
}

/** The data file's text. Throws, naming what is missing, when it is not installed. */
export function readDataFile(name: string, what: string): string {
	const file = dataFilePath(name);
	if (!file) throw new Error(`${what} ${name} not found next to ${__dirname}`);
	return fs.readFileSync(file, 'utf8');
}

/**
 * A loader that reads and parses a data file once per process; later calls return the same
 * object. `onError` hears why it could not be loaded (the caller logs it); the engine then goes
 * without the data.
 */
export function parsedOnce<T>(read: () => string, parse: (text: string) => T, what: string): (onError?: (message: string) => void) => T | undefined {
	let loaded: T | undefined;
	return (onError) => {
		if (loaded) return loaded;
		try {
			loaded = parse(read());
		} catch (e) {
			onError?.(`${what} unavailable: ${(e as Error)?.message ?? String(e)}`);
		}
		return loaded;
	};
}
