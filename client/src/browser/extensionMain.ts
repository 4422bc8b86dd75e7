import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { activateClient, deactivateClient, type IamRestoreLintApi } from '../activate';
import { POLICY_LANGUAGES } from '../languages';
import { answerExtensionFileRequests, webInitializationOptions, workerScriptUrl } from './extensionFiles';

/** The web extension host's Worker (a DOM type; the project compiles without the DOM library). */
declare const Worker: new (url: string, options?: { name?: string }) => { terminate(): void };

/**
 * The browser entry (package.json `browser`) for VS Code for the Web (vscode.dev, github.dev):
 * the language server runs in a web worker (dist/web/server.js) and speaks LSP over its
 * postMessage. The server loads its data (the AWS action catalog) from the extension's own dist/
 * folder (extensionFiles.ts) and reads workspace files through the extension (../workspaceFiles.ts).
 */
export async function activate(context: vscode.ExtensionContext): Promise<IamRestoreLintApi> {
	const scriptUrl = await workerScriptUrl(context.extensionUri);
	let worker: { terminate(): void } | undefined;
	const api = await activateClient(
		context,
		(clientOptions) => {
			worker?.terminate();
			worker = new Worker(scriptUrl, { name: 'IAM Restore Lint server' });
			const client = new LanguageClient('iamRestoreLint', 'IAM Restore Lint', clientOptions, worker as ConstructorParameters<typeof LanguageClient>[3]);
			answerExtensionFileRequests(client, context.extensionUri);
			return client;
		},
		{
			// Every scheme: virtual workspaces (vscode-vfs on github.dev), untitled files, memfs. Terraform
			// also by file name: without an HCL extension, vscode.dev opens .tf files as plain text.
			documentSelector: [...POLICY_LANGUAGES.map((language) => ({ language })), { pattern: '**/*.tf' }],
			initializationOptions: { web: webInitializationOptions(context.extensionUri) },
		},
	);
	context.subscriptions.push({ dispose: () => worker?.terminate() });
	return api;
}

export function deactivate(): Promise<void> {
	return deactivateClient();
}
