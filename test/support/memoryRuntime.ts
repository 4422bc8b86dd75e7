import type { ServerRuntime } from '../../server/src/lsp/runtime';
import { catalogText } from './catalog';

/**
 * A runtime with no file system: files are a map from URI to text, the catalog comes from the
 * test. It is what a browser web worker gives the server, and it records every file the server
 * asks for, so a test can say which files were (not) read.
 */
export class MemoryRuntime implements ServerRuntime {
	readonly files = new Map<string, { text: string; mtime: number }>();
	/** Every URI `readFile` was called with, in order. */
	readonly reads: string[] = [];
	readonly platform = { windowsPaths: false, localSchemes: ['file'] };
	private clock = 1;

	constructor(private readonly catalog: () => Promise<string> = () => Promise.resolve(catalogText())) {}

	write(uri: string, text: string): void {
		this.files.set(uri, { text, mtime: this.clock++ });
	}

	async readFile(uri: string): Promise<string | undefined> {
		this.reads.push(uri);
		return this.files.get(uri)?.text;
	}

	async stat(uri: string) {
		const f = this.files.get(uri);
		return f ? { mtime: f.mtime, size: f.text.length } : undefined;
	}

	loadCatalogText(): Promise<string> {
		return this.catalog();
	}

	now(): number {
		return Date.now();
	}

	setTimer(callback: () => void, ms: number): () => void {
		const t = setTimeout(callback, ms);
		return () => clearTimeout(t);
	}
}
