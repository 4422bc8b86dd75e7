import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import { registerCommands } from './commands';
import { CoverageStatusBar } from './statusBar';
import { USER_PATHS_OPTION, userPathsMiddleware } from './userPaths';
import { answerWorkspaceFileRequests } from './workspaceFiles';

/**
 * Makes a new language client of one face: a forked Node process (desktop) or a web worker
 * (browser). Called again by "Restart Language Server": a worker whose connection ended cannot
 * be started twice, so a restart is a new client (and a new worker or process).
 */
export type ClientFactory = (clientOptions: LanguageClientOptions) => BaseLanguageClient;

let current: BaseLanguageClient | undefined;

/**
 * What `activate` returns (`vscode.extensions.getExtension(id).exports`). VS Code has no API to
 * read another extension's status bar, so the coverage item's text is offered here: other
 * extensions may show it, and the extension-host suite checks what the user sees.
 */
export interface IamRestoreLintApi {
	/** The coverage status bar item's text ("$(warning) EC2 restore: 54/56 granted"), undefined when hidden. */
	coverageStatusText(): string | undefined;
}

/**
 * What both entries share (extension.ts for Node, browser/extensionMain.ts for VS Code for the
 * Web): the client options, the status bar and the commands. Every finding comes from the
 * server; nothing here inspects policies.
 */
export async function activateClient(
	context: vscode.ExtensionContext,
	createClient: ClientFactory,
	face: { documentSelector: LanguageClientOptions['documentSelector']; initializationOptions?: Record<string, unknown> },
): Promise<IamRestoreLintApi> {
	const output = vscode.window.createOutputChannel('IAM Restore Lint');
	const clientOptions: LanguageClientOptions = {
		documentSelector: face.documentSelector,
		// User requirement-set files may change on disk (git checkout); the server re-reads them.
		synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.json') },
		outputChannel: output,
		diagnosticPullOptions: { onChange: true, onSave: false },
		// Untrusted workspaces: the server reads files outside the workspace only when the user's
		// own settings name them; the middleware tells it which those are.
		initializationOptions: { [USER_PATHS_OPTION]: true, ...face.initializationOptions },
		middleware: { workspace: userPathsMiddleware },
	};
	const newClient = () => {
		const client = createClient(clientOptions);
		// Both faces: the web worker has no file system, and a desktop virtual workspace's files
		// (vscode-vfs:) are not on disk either.
		answerWorkspaceFileRequests(client);
		return client;
	};
	current = newClient();
	const statusBar = new CoverageStatusBar(() => current);
	context.subscriptions.push(output, statusBar, ...registerCommands(context, () => current, statusBar));
	context.subscriptions.push(
		vscode.commands.registerCommand('iamRestoreLint.restartServer', async () => {
			output.appendLine('Restarting the IAM Restore Lint server…');
			const previous = current;
			current = undefined;
			await previous?.dispose();
			current = newClient();
			await current.start();
			await statusBar.refresh();
		}),
	);
	await current.start();
	await statusBar.refresh();
	return { coverageStatusText: () => statusBar.text };
}

export async function deactivateClient(): Promise<void> {
	const previous = current;
	current = undefined;
	await previous?.dispose();
}
