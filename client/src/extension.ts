import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { POLICY_LANGUAGES } from './languages';
import { CoverageStatusBar } from './statusBar';
import { USER_PATHS_OPTION, userPathsMiddleware } from './userPaths';

/**
 * Starts the language server and adds the VS Code-only UI (status bar, commands, output).
 * Every finding comes from the server; nothing here inspects policies.
 */
let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
	const output = vscode.window.createOutputChannel('IAM Restore Lint');
	const serverModule = context.asAbsolutePath('dist/server.js');
	const serverOptions: ServerOptions = {
		run: { module: serverModule, transport: TransportKind.ipc },
		debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
	};
	const clientOptions: LanguageClientOptions = {
		// JSON policies and CloudFormation JSON; CloudFormation/SAM YAML; Terraform. The server answers
		// files without IAM (a Kubernetes manifest, a .tf without IAM) with nothing, after one cheap scan.
		documentSelector: POLICY_LANGUAGES.flatMap((language) => ['file', 'untitled', 'vscode-remote'].map((scheme) => ({ language, scheme }))),
		// User requirement-set files may change on disk (git checkout); the server re-reads them.
		synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.json') },
		outputChannel: output,
		diagnosticPullOptions: { onChange: true, onSave: false },
		// Untrusted workspaces: the server reads files outside the workspace only when the user's
		// own settings name them; the middleware tells it which those are.
		initializationOptions: { [USER_PATHS_OPTION]: true },
		middleware: { workspace: userPathsMiddleware },
	};
	client = new LanguageClient('iamRestoreLint', 'IAM Restore Lint', serverOptions, clientOptions);

	const statusBar = new CoverageStatusBar(() => client);
	context.subscriptions.push(output, statusBar, ...registerCommands(context, () => client, statusBar));
	context.subscriptions.push(
		vscode.commands.registerCommand('iamRestoreLint.restartServer', async () => {
			output.appendLine('Restarting the IAM Restore Lint server…');
			await client?.restart();
			await statusBar.refresh();
		}),
	);
	await client.start();
	await statusBar.refresh();
}

export async function deactivate(): Promise<void> {
	await client?.stop();
	client = undefined;
}
