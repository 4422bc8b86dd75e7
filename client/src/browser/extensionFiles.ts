import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { ExtensionFileParams, ExtensionFileResult, WebInitializationOptions } from '../../../server/src/shared/workspaceFiles';

const EXTENSION_FILE: typeof import('../../../server/src/shared/workspaceFiles').ExtensionFileRequestMethod = 'iamRestoreLint/extensionFile';

/** Globals of the web extension host (DOM types; the project compiles without them). */
declare const Blob: new (parts: unknown[], options?: { type?: string }) => unknown;
declare const URL: { createObjectURL(blob: unknown): string };
declare function btoa(binary: string): string;

/**
 * Where the worker can fetch the extension's files itself: http(s) locations (vscode.dev and
 * github.dev serve extensions from a CDN). An extension installed on a remote (code-server, a
 * remote web workbench) is at a vscode-remote: URI that only the extension host resolves.
 */
export function fetchableByWorker(extensionUri: vscode.Uri): boolean {
	return extensionUri.scheme === 'http' || extensionUri.scheme === 'https';
}

export function webInitializationOptions(extensionUri: vscode.Uri): WebInitializationOptions {
	return fetchableByWorker(extensionUri) ? { dataUrl: `${vscode.Uri.joinPath(extensionUri, 'dist').toString(true)}/` } : {};
}

async function readExtensionFile(extensionUri: vscode.Uri, path: string): Promise<Uint8Array> {
	const uri = vscode.Uri.joinPath(extensionUri, ...path.split('/'));
	try {
		return await vscode.workspace.fs.readFile(uri);
	} catch {
		// No file system provider for the extension's scheme (http, https): the extension host's
		// fetch resolves it (and vscode-remote: URIs too).
		const response = await fetch(uri.toString(true));
		if (!response.ok) throw new Error(`${uri.toString(true)}: ${response.status}`);
		return new Uint8Array(await response.arrayBuffer());
	}
}

/**
 * The URL to start the worker from. The web extension host starts workers from http(s) and
 * file: URLs only ("Creating workers from remote extensions is currently not supported"), so for
 * a vscode-remote: extension the script is read here and started from a blob: URL.
 */
export async function workerScriptUrl(extensionUri: vscode.Uri): Promise<string> {
	const script = vscode.Uri.joinPath(extensionUri, 'dist', 'web', 'server.js');
	if (extensionUri.scheme !== 'vscode-remote') return script.toString(true);
	const code = await readExtensionFile(extensionUri, 'dist/web/server.js');
	return URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
}

/** Answers the worker's requests for the extension's own data files when it cannot fetch them. */
export function answerExtensionFileRequests(client: BaseLanguageClient, extensionUri: vscode.Uri): void {
	client.onRequest(EXTENSION_FILE, async (params: ExtensionFileParams): Promise<ExtensionFileResult> => {
		// Only the extension's own dist/ folder: the worker has no business elsewhere.
		if (!/^dist\/[\w.-]+(\/[\w.-]+)*$/.test(params.path) || params.path.split('/').includes('..')) return {};
		try {
			const bytes = await readExtensionFile(extensionUri, params.path);
			let binary = '';
			for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
			return { base64: btoa(binary) };
		} catch {
			return {};
		}
	});
}
