import { promises as fs } from 'fs';
import { performance } from 'perf_hooks';
import { URI } from 'vscode-uri';
import type { ServerRuntime } from '../lsp/runtime';
import { readCatalogText } from './catalogFile';
import { readManagedPoliciesText } from './managedPoliciesFile';
import { readTreeSitterWasm } from './treeSitterFiles';

/** URI schemes whose path is a path on this machine: local files, and the remote side of code-server or Remote-SSH. */
const LOCAL_SCHEMES = ['file', 'vscode-remote'];

/** The file-system path of a URI on this machine, or undefined for schemes Node cannot read. */
export function localPath(uri: string): string | undefined {
	const parsed = URI.parse(uri);
	if (parsed.scheme === 'file') return parsed.fsPath;
	if (parsed.scheme === 'vscode-remote') return parsed.path;
	return undefined;
}

/** The language server's runtime in Node: the local file system and the catalog next to the bundle. */
export function createNodeRuntime(): ServerRuntime {
	return {
		async readFile(uri) {
			const file = localPath(uri);
			if (!file) return undefined;
			try {
				return await fs.readFile(file, 'utf8');
			} catch {
				return undefined;
			}
		},
		async stat(uri) {
			const file = localPath(uri);
			if (!file) return undefined;
			try {
				const s = await fs.stat(file);
				return s.isFile() ? { mtime: s.mtimeMs, size: s.size } : undefined;
			} catch {
				return undefined;
			}
		},
		loadCatalogText: () => Promise.resolve().then(readCatalogText),
		loadTreeSitterWasm: readTreeSitterWasm,
		loadManagedPoliciesText: () => Promise.resolve().then(readManagedPoliciesText),
		platform: { windowsPaths: process.platform === 'win32', localSchemes: LOCAL_SCHEMES },
		now: () => performance.now(),
		setTimer(callback, ms) {
			const timer = setTimeout(callback, ms);
			return () => clearTimeout(timer);
		},
	};
}
