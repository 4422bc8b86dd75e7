import * as vscode from 'vscode';
import { LanguageClient, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { activateClient, deactivateClient, type IamRestoreLintApi } from './activate';
import { POLICY_LANGUAGES } from './languages';

/**
 * The desktop entry (package.json `main`): forks the Node language server (dist/server.js) and
 * adds the shared UI. The browser entry is browser/extensionMain.ts.
 */
export async function activate(context: vscode.ExtensionContext): Promise<IamRestoreLintApi> {
	const serverModule = context.asAbsolutePath('dist/server.js');
	const serverOptions: ServerOptions = {
		run: { module: serverModule, transport: TransportKind.ipc },
		debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
	};
	return activateClient(context, (clientOptions) => new LanguageClient('iamRestoreLint', 'IAM Restore Lint', serverOptions, clientOptions), {
		// JSON policies and CloudFormation JSON; CloudFormation/SAM YAML; Terraform. The server answers
		// files without IAM (a Kubernetes manifest, a .tf without IAM) with nothing, after one cheap scan.
		// vscode-vfs: virtual workspaces (Remote Repositories), whose files the server asks the extension for.
		documentSelector: POLICY_LANGUAGES.flatMap((language) => ['file', 'untitled', 'vscode-remote', 'vscode-vfs'].map((scheme) => ({ language, scheme }))),
	});
}

export function deactivate(): Promise<void> {
	return deactivateClient();
}
