import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { FileParams, ReadDirectoryResult, ReadFileResult, StatResult } from '../../server/src/shared/workspaceFiles';

// Method names repeated as literals typed against the shared constants: the client imports
// server code by type only, so nothing of the server is bundled into the extension.
const READ_FILE: typeof import('../../server/src/shared/workspaceFiles').ReadFileRequestMethod = 'iamRestoreLint/workspace/readFile';
const STAT: typeof import('../../server/src/shared/workspaceFiles').StatRequestMethod = 'iamRestoreLint/workspace/stat';
const READ_DIRECTORY: typeof import('../../server/src/shared/workspaceFiles').ReadDirectoryRequestMethod = 'iamRestoreLint/workspace/readDirectory';

function fileType(type: vscode.FileType): 'file' | 'directory' | 'other' {
	if (type & vscode.FileType.Directory) return 'directory';
	if (type & vscode.FileType.File) return 'file';
	return 'other';
}

/**
 * Answers the server's file requests with vscode.workspace.fs, which reads every workspace VS Code
 * opens: GitHub repositories (vscode-vfs) in github.dev, vscode.dev and Remote Repositories on the
 * desktop, local folders opened in the browser, remote ones. The web worker server reads every
 * file this way; the Node server only what is not on its disk. A missing or unreadable file is an
 * empty answer, never an error.
 */
export function answerWorkspaceFileRequests(client: BaseLanguageClient): void {
	const uriOf = (params: FileParams) => vscode.Uri.parse(params.uri, true);
	client.onRequest(READ_FILE, async (params: FileParams): Promise<ReadFileResult> => {
		try {
			return { text: new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uriOf(params))) };
		} catch {
			return {};
		}
	});
	client.onRequest(STAT, async (params: FileParams): Promise<StatResult> => {
		try {
			const stat = await vscode.workspace.fs.stat(uriOf(params));
			return { mtime: stat.mtime, size: stat.size, type: fileType(stat.type) };
		} catch {
			return null;
		}
	});
	client.onRequest(READ_DIRECTORY, async (params: FileParams): Promise<ReadDirectoryResult> => {
		try {
			return (await vscode.workspace.fs.readDirectory(uriOf(params))).map(([name, type]) => ({ name, type: fileType(type) }));
		} catch {
			return null;
		}
	});
}
