import type { Connection } from 'vscode-languageserver';
import {
	FileParams,
	ReadFileRequestMethod,
	ReadFileResult,
	StatRequestMethod,
	StatResult,
} from '../shared/workspaceFiles';
import type { ServerRuntime } from './runtime';

/**
 * Files read by the editor for the server (the iamRestoreLint/workspace/* requests, which the
 * extension answers with vscode.workspace.fs): every workspace VS Code opens, virtual ones too
 * (GitHub repositories in github.dev and vscode.dev, Remote Repositories on the desktop). An
 * editor that does not answer (another LSP client) leaves the file unread, never an error.
 */
export function clientFiles(connection: Connection): Pick<ServerRuntime, 'readFile' | 'stat' | 'unreadBecause'> {
	// URIs whose last request the editor refused or did not know (Neovim: "Unhandled method"), with why.
	const refused = new Map<string, string>();
	const ask = async <R>(method: string, uri: string): Promise<R | undefined> => {
		try {
			const result = await connection.sendRequest<R>(method, { uri } satisfies FileParams);
			refused.delete(uri);
			return result;
		} catch (e) {
			if (refused.size >= MAX_REMEMBERED) refused.clear();
			refused.set(uri, `the editor did not read it for the language server (${method}: ${e instanceof Error ? e.message : String(e)}); open the file in the editor or check it with the command line`);
			return undefined;
		}
	};
	return {
		async readFile(uri) {
			const result = await ask<ReadFileResult>(ReadFileRequestMethod, uri);
			return typeof result?.text === 'string' ? result.text : undefined;
		},
		async stat(uri) {
			const result = await ask<StatResult>(StatRequestMethod, uri);
			return result && result.type === 'file' ? { mtime: result.mtime, size: result.size } : undefined;
		},
		unreadBecause: (uri) => refused.get(uri),
	};
}

/** Refusals remembered (one per file a setting names: a handful). */
const MAX_REMEMBERED = 256;

/**
 * A runtime that reads the files of its own local schemes itself and asks the editor for the
 * rest (a desktop VS Code with a virtual workspace: vscode-vfs:).
 */
export function withClientFiles(runtime: ServerRuntime, connection: Connection): ServerRuntime {
	const client = clientFiles(connection);
	const local = (uri: string) => runtime.platform.localSchemes.includes(uri.slice(0, Math.max(0, uri.indexOf(':'))).toLowerCase());
	return {
		...runtime,
		readFile: (uri) => (local(uri) ? runtime.readFile(uri) : client.readFile(uri)),
		stat: (uri) => (local(uri) ? runtime.stat(uri) : client.stat(uri)),
		unreadBecause: (uri) => (local(uri) ? runtime.unreadBecause?.(uri) : client.unreadBecause?.(uri)),
	};
}
