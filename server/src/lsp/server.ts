import {
	CodeActionKind,
	Connection,
	DidChangeConfigurationNotification,
	InitializeParams,
	InitializeResult,
	TextDocuments,
	TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { USER_PATHS_OPTION } from '../shared/settings';
import { AnalysisCache } from './analysisCache';
import { Checkers } from './checkers';
import { FIX_ALL_KIND, registerCodeActions } from './codeActions';
import { COMPLETION_TRIGGER_CHARACTERS, registerCompletion } from './completion';
import { SettingsStore } from './configuration';
import type { FeatureContext } from './context';
import { registerCustomRequests } from './customRequests';
import { SOURCE } from './diagnostics';
import { FileAccess } from './fileAccess';
import { registerHover } from './hover';
import { createRunner } from './runner';
import type { ServerRuntime } from './runtime';
import { Validation } from './validation';
import { Workspace } from './workspace';

export type { ServerRuntime, FileStat, RuntimePlatform } from './runtime';

/**
 * The language server: wiring only, no IAM logic and no I/O of its own. `connection` is any LSP
 * connection (stdio, IPC, a browser worker's message port); `runtime` reads files and bundled
 * data for it (server/src/node/ builds both for Node). Each concern lives in its own module:
 * settings (configuration.ts), documents and their analyses (analysisCache.ts, checkers.ts,
 * fileAccess.ts), diagnostics (validation.ts), code actions, hover, completion, and the
 * extension's own requests (customRequests.ts).
 */
export function startServer(connection: Connection, runtime: ServerRuntime): void {
	const documents = new TextDocuments(TextDocument);
	const log = (message: string) => connection.console.log(message);
	const runSafe = createRunner(runtime, (message) => connection.console.error(message));
	const workspace = new Workspace(runtime.platform);
	const settings = new SettingsStore(connection);
	const files = new FileAccess(runtime, workspace, documents);
	const checkers = new Checkers(runtime, files, log);
	const analyses = new AnalysisCache(settings, checkers, files, workspace, runtime.platform);
	const validation = new Validation({ connection, documents, settings, checkers, analyses, files, runtime, runSafe });
	const ctx: FeatureContext = { connection, documents, settings, checkers, analyses, runSafe };
	let dynamicConfiguration = false;
	let canCreateFiles = false;

	connection.onInitialize((params: InitializeParams): InitializeResult => {
		const caps = params.capabilities;
		validation.pull = !!caps.textDocument?.diagnostic;
		settings.pull = !!caps.workspace?.configuration;
		dynamicConfiguration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
		canCreateFiles = !!caps.workspace?.workspaceEdit?.documentChanges && !!caps.workspace.workspaceEdit.resourceOperations?.includes('create');
		workspace.setFolders(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []));
		const options = params.initializationOptions as ({ settings?: unknown } & Record<string, unknown>) | undefined;
		if (options?.settings !== undefined) settings.setPushed(options.settings);
		files.honourUserPaths = options?.[USER_PATHS_OPTION] === true;
		log(`iam-restore-lint server: ${validation.pull ? 'pull' : 'push'} diagnostics, ${workspace.folders.length} workspace folder(s)`);
		return {
			capabilities: {
				textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
				...(validation.pull ? { diagnosticProvider: { identifier: SOURCE, interFileDependencies: false, workspaceDiagnostics: false } } : {}),
				hoverProvider: true,
				completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS },
				codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
				workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
			},
			serverInfo: { name: 'iam-restore-lint', version: typeof __VERSION__ === 'string' ? __VERSION__ : 'dev' },
		};
	});

	connection.onInitialized(() => {
		if (dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'iamRestoreLint' }).catch(() => undefined);
		if (workspace.folders.length > 0)
			connection.workspace.onDidChangeWorkspaceFolders((e) => {
				workspace.changeFolders(e.added, e.removed);
				environmentChanged();
			});
	});

	/** Settings, folders or user requirement sets changed: drop every cache and re-validate. */
	function environmentChanged(): void {
		settings.clear();
		checkers.clear();
		validation.revalidateAll();
	}

	/**
	 * A file changed, in the editor or on disk. A requirement-set file re-validates everything that
	 * uses it; a file of a role re-validates that role's other documents, and nothing else.
	 */
	function fileChanged(uri: string): boolean {
		files.forget(uri);
		if (checkers.invalidate(uri)) {
			validation.revalidateAll();
			return true;
		}
		validation.revalidate(analyses.dependents(uri));
		return false;
	}

	connection.onDidChangeConfiguration((change) => {
		if (!settings.pull) settings.setPushed((change.settings as { iamRestoreLint?: unknown } | undefined)?.iamRestoreLint);
		environmentChanged();
	});

	connection.onDidChangeWatchedFiles((params) => {
		// Created and deleted files count too: a setting may name a file that did not exist yet.
		for (const change of params.changes) fileChanged(change.uri);
	});

	documents.onDidChangeContent((e) => {
		// Editing a requirement-set file re-validates every policy that uses it, before it is saved.
		if (fileChanged(e.document.uri)) return;
		validation.schedule(e.document);
	});

	documents.onDidClose((e) => {
		settings.forget(e.document.uri);
		analyses.delete(e.document.uri);
		// The file on disk may differ from the editor's copy that was used.
		fileChanged(e.document.uri);
		validation.closed(e.document.uri);
	});

	validation.register();
	registerCodeActions(ctx, () => canCreateFiles);
	registerHover(ctx);
	registerCompletion(ctx);
	registerCustomRequests(connection, {
		runSafe,
		checkerFor: async (uri) => (uri ? (await checkers.forDocument(await settings.get(uri), uri)).checker : await checkers.builtinChecker()),
		analysisOf: async (uri) => {
			const document = documents.get(uri);
			return document ? analyses.analyze(document) : undefined;
		},
	});

	documents.listen(connection);
	connection.listen();
}

declare const __VERSION__: string | undefined;
