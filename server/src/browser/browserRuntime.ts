import type { Connection } from 'vscode-languageserver/browser';
import { clientFiles } from '../lsp/clientFiles';
import type { ServerRuntime } from '../lsp/runtime';
import { ExtensionFileParams, ExtensionFileRequestMethod, ExtensionFileResult, WebInitializationOptions } from '../shared/workspaceFiles';
import { CATALOG_FILE, HCL_GRAMMAR_FILE, MANAGED_POLICIES_FILE, TREE_SITTER_RUNTIME_FILE } from './dataFiles';

/** The worker's own globals that the runtime uses (DOM types; the project compiles without them). */
export interface WorkerScope {
	fetch(url: string): Promise<{ ok: boolean; status: number; statusText: string; arrayBuffer(): Promise<ArrayBuffer> }>;
	performance: { now(): number };
}

export interface BrowserRuntime extends ServerRuntime {
	/** Takes the extension's data location from the initialize request (WebInitializationOptions). */
	configure(options: Partial<WebInitializationOptions> | undefined): void;
	/** One of the extension's data files (dist/NAME), loaded once. */
	dataBytes(name: string): Promise<Uint8Array>;
}

/**
 * The language server's runtime in a web worker (VS Code for the Web): no file system. Workspace
 * files are read by the extension through vscode.workspace.fs (lsp/clientFiles.ts, answered in
 * client/src/workspaceFiles.ts), so virtual workspaces work too; the
 * extension's own data files are loaded lazily, each once: fetched from the URL the extension gives
 * at initialize (its dist/ folder on vscode.dev's or github.dev's CDN), or, where the worker cannot
 * fetch them (an extension installed on a remote, at a vscode-remote: URI), read by the extension.
 */
export function createBrowserRuntime(connection: Connection, scope: WorkerScope): BrowserRuntime {
	let dataUrl: string | undefined;
	const fetched = new Map<string, Promise<Uint8Array>>();

	async function fetchData(name: string, base: string): Promise<Uint8Array> {
		const url = new URL(name, base).href;
		const response = await scope.fetch(url);
		if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
		return new Uint8Array(await response.arrayBuffer());
	}

	async function askExtension(name: string): Promise<Uint8Array> {
		const path = `dist/${name}`;
		const result = await connection.sendRequest<ExtensionFileResult>(ExtensionFileRequestMethod, { path } satisfies ExtensionFileParams);
		if (typeof result?.base64 !== 'string') throw new Error(`the extension could not read its file ${path}`);
		return decodeBase64(result.base64);
	}

	function dataBytes(name: string): Promise<Uint8Array> {
		let pending = fetched.get(name);
		if (!pending) {
			pending = dataUrl ? fetchData(name, dataUrl) : askExtension(name);
			// A failure is not remembered: the next request tries again (the network came back).
			const attempt = pending;
			attempt.catch(() => fetched.get(name) === attempt && fetched.delete(name));
			fetched.set(name, pending);
		}
		return pending;
	}

	return {
		configure(options) {
			if (typeof options?.dataUrl === 'string' && options.dataUrl.length > 0) dataUrl = options.dataUrl.endsWith('/') ? options.dataUrl : `${options.dataUrl}/`;
		},
		dataBytes,
		// Every workspace file through the extension: there is no file system here.
		...clientFiles(connection),
		loadCatalogText: async () => utf8(await dataBytes(CATALOG_FILE)),
		// Only on the first Terraform file, and the first role that attaches an AWS managed policy.
		loadTreeSitterWasm: async () => {
			const [runtime, grammar] = await Promise.all([dataBytes(TREE_SITTER_RUNTIME_FILE), dataBytes(HCL_GRAMMAR_FILE)]);
			return { runtime, grammar };
		},
		loadManagedPoliciesText: async () => utf8(await dataBytes(MANAGED_POLICIES_FILE)),
		// URIs are compared as written: no scheme aliases another (there is no local file system).
		platform: { windowsPaths: false, localSchemes: [] },
		now: () => scope.performance.now(),
		setTimer(callback, ms) {
			const timer = setTimeout(callback, ms);
			return () => clearTimeout(timer);
		},
	};
}

function utf8(bytes: Uint8Array): string {
	return new TextDecoder('utf-8').decode(bytes);
}

function decodeBase64(base64: string): Uint8Array {
	const binary = atob(base64);
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return bytes;
}
