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
export function clientFiles(connection: Connection): Pick<ServerRuntime, 'readFile' | 'stat'> {
	return {
		async readFile(uri) {
			try {
				const result = await connection.sendRequest<ReadFileResult>(ReadFileRequestMethod, { uri } satisfies FileParams);
				return typeof result?.text === 'string' ? result.text : undefined;
			} catch {
				return undefined;
			}
		},
		async stat(uri) {
			try {
				const result = await connection.sendRequest<StatResult>(StatRequestMethod, { uri } satisfies FileParams);
				return result && result.type === 'file' ? { mtime: result.mtime, size: result.size } : undefined;
			} catch {
				return undefined;
			}
		},
	};
}

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
	};
}
