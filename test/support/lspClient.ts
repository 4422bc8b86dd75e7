import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { PassThrough } from 'stream';
import { MessageReader, MessageWriter, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer, type ServerRuntime } from '../../server/src/lsp/server';
import {
	ConfigurationRequest,
	createProtocolConnection,
	Diagnostic,
	DidChangeConfigurationNotification,
	DidChangeTextDocumentNotification,
	DidCloseTextDocumentNotification,
	DidOpenTextDocumentNotification,
	DocumentDiagnosticReport,
	DocumentDiagnosticRequest,
	ExitNotification,
	InitializedNotification,
	InitializeRequest,
	InitializeResult,
	ProtocolConnection,
	PublishDiagnosticsNotification,
	PublishDiagnosticsParams,
	RegistrationRequest,
	ShutdownRequest,
	DiagnosticRefreshRequest,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { repoRoot } from './fixtures';

/**
 * A minimal LSP client. By default it talks to the real server bin (dist/server.js) over stdio, as
 * Neovim or Helix would; `TestLspClient.inProcess(runtime)` runs `startServer` in this process
 * over a stream pair, with whatever runtime the test gives it (an in-memory one: no file system).
 * It can present itself as a pull client (LSP 3.17) or a push-only client.
 */
export class TestLspClient {
	/** The server process (stdio only). */
	readonly process?: ChildProcess;
	readonly connection: ProtocolConnection;
	private readonly inProcessServer: boolean;
	readonly published = new Map<string, PublishDiagnosticsParams[]>();
	refreshRequests = 0;
	settings: (scopeUri: string | undefined) => unknown = () => ({});
	private versions = new Map<string, number>();
	private listeners: (() => void)[] = [];
	stderr = '';

	constructor(transport?: { reader: MessageReader; writer: MessageWriter }) {
		this.inProcessServer = !!transport;
		if (!transport) {
			const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
			child.stderr!.on('data', (d) => (this.stderr += d));
			this.process = child;
			transport = { reader: new StreamMessageReader(child.stdout!), writer: new StreamMessageWriter(child.stdin!) };
		}
		this.connection = createProtocolConnection(transport.reader, transport.writer);
		this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
			const list = this.published.get(p.uri) ?? [];
			list.push(p);
			this.published.set(p.uri, list);
			for (const l of this.listeners) l();
		});
		this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => (item.section === 'iamRestoreLint' ? this.settings(item.scopeUri) : null)));
		this.connection.onRequest(RegistrationRequest.type, () => undefined);
		this.connection.onRequest(DiagnosticRefreshRequest.type, () => {
			this.refreshRequests++;
			for (const l of this.listeners) l();
		});
		this.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
			if (this.inProcessServer) this.stderr += p.message + '\n';
		});
		this.connection.listen();
	}

	/** `startServer` in this process over a stream pair, with the given runtime. */
	static inProcess(runtime: ServerRuntime): TestLspClient {
		const toServer = new PassThrough();
		const toClient = new PassThrough();
		startServer(createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), runtime);
		return new TestLspClient({ reader: new StreamMessageReader(toClient), writer: new StreamMessageWriter(toServer) });
	}

	/** Whether the server is still running (the process has not exited). */
	get alive(): boolean {
		return this.process ? this.process.exitCode === null && this.process.signalCode === null : true;
	}

	async initialize(mode: 'pull' | 'push', workspaceFolder = 'file:///work/space', initializationOptions?: unknown): Promise<InitializeResult> {
		const result = await this.connection.sendRequest(InitializeRequest.type, {
			initializationOptions,
			// In process, no parent-process watchdog (it would call process.exit).
			processId: this.inProcessServer ? null : process.pid,
			rootUri: workspaceFolder,
			workspaceFolders: [{ uri: workspaceFolder, name: 'space' }],
			capabilities: {
				workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
				textDocument: mode === 'pull' ? { diagnostic: { dynamicRegistration: false }, publishDiagnostics: {} } : { publishDiagnostics: { versionSupport: true } },
			},
		});
		await this.connection.sendNotification(InitializedNotification.type, {});
		return result;
	}

	open(uri: string, text: string, languageId = 'json'): void {
		this.versions.set(uri, 1);
		void this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
	}

	/** Replaces the text between two offsets (computed on `before`) with an incremental change. */
	edit(uri: string, before: string, offset: number, length: number, insert: string): string {
		const version = (this.versions.get(uri) ?? 1) + 1;
		this.versions.set(uri, version);
		// Positions as LSP counts them (\r, \n and \r\n all end a line).
		const document = TextDocument.create('', 'json', 0, before);
		const pos = (o: number) => document.positionAt(o);
		void this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
			textDocument: { uri, version },
			contentChanges: [{ range: { start: pos(offset), end: pos(offset + length) }, text: insert }],
		});
		return before.slice(0, offset) + insert + before.slice(offset + length);
	}

	version(uri: string): number {
		return this.versions.get(uri) ?? 0;
	}

	close(uri: string): void {
		void this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
	}

	changeConfiguration(): void {
		void this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
	}

	async pull(uri: string): Promise<Diagnostic[]> {
		const report = (await this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } })) as DocumentDiagnosticReport;
		return report.kind === 'full' ? report.items : [];
	}

	/** Waits (no fixed sleep) until a condition on the client's state holds. */
	waitFor<T>(probe: () => T | undefined, timeoutMs = 5000, what = 'condition'): Promise<T> {
		return new Promise((resolve, reject) => {
			const check = (): boolean => {
				const v = probe();
				if (v !== undefined && v !== false) {
					clearTimeout(timer);
					this.listeners = this.listeners.filter((l) => l !== listener);
					resolve(v);
					return true;
				}
				return false;
			};
			const listener = () => void check();
			const timer = setTimeout(() => {
				this.listeners = this.listeners.filter((l) => l !== listener);
				reject(new Error(`timed out waiting for ${what}; server stderr: ${this.stderr}`));
			}, timeoutMs);
			this.listeners.push(listener);
			check();
		});
	}

	/** The first push of diagnostics for the uri's current version. */
	pushed(uri: string, timeoutMs?: number): Promise<Diagnostic[]> {
		return this.waitFor(() => this.published.get(uri)?.find((p) => p.version === this.version(uri))?.diagnostics, timeoutMs, `diagnostics of ${uri} v${this.version(uri)}`);
	}

	async stop(): Promise<void> {
		try {
			await this.connection.sendRequest(ShutdownRequest.type);
			// In process, exit would end this process too (vscode-languageserver calls process.exit).
			if (!this.inProcessServer) await this.connection.sendNotification(ExitNotification.type);
		} catch {
			// already gone
		}
		this.connection.dispose();
		if (this.process && this.process.exitCode === null) this.process.kill();
	}
}
