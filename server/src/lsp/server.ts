import * as fs from 'fs';
import * as path from 'path';
import {
	CancellationToken,
	CodeActionKind,
	Connection,
	Diagnostic,
	DiagnosticSeverity,
	DidChangeConfigurationNotification,
	DocumentDiagnosticReportKind,
	FileChangeType,
	InitializeParams,
	InitializeResult,
	TextDocuments,
	TextDocumentSyncKind,
	WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { Analysis, AnalyzeOptions, Checker, createChecker, LineIndex, RelatedSpan, RequirementSet, RoleAnalysis, Statement } from '../engine';
import { builtinRequirementSets } from '../scenarios';
import { CoverageParams, CoverageRequestMethod, CoverageResult } from '../shared/protocol';
import { DEFAULT_SETTINGS, IamRestoreLintSettings } from '../shared/settings';
import { computeCodeActions, FIX_ALL_KIND } from './codeActions';
import { loadActionCatalog } from '../node/catalogFile';
import { COMPLETION_TRIGGER_CHARACTERS, completionFor } from './completion';
import { rangeOf, SOURCE, toDiagnostics } from './diagnostics';
import { hoverFor } from './hover';
import { registerScenarioRequests } from './scenarioRequests';
import { normalizeSettings, toAnalyzeOptions } from './settings';
import { LoadedSetFile, loadRequirementSetFile } from './userRequirementSets';

/** Larger documents get one notice instead of live analysis, so the editor never freezes. */
export const MAX_LIVE_DOCUMENT_CHARS = 5 * 1024 * 1024;
const BUILTIN_IDS: ReadonlySet<string> = new Set(builtinRequirementSets.map((s) => s.id));

interface CachedAnalysis {
	version: number;
	key: string;
	analysis: Analysis;
	settings: IamRestoreLintSettings;
	checker: Checker;
	options: AnalyzeOptions;
	/** Set when the document is one of the files of a role (iamRestoreLint.roles). */
	role?: { name: string; analysis: RoleAnalysis; document: number; paths: string[] };
}

/**
 * Wires the engine to an LSP connection (STYLE.md §2-§5): document sync, per-resource settings,
 * pull or push diagnostics, the coverage request. No IAM logic lives here.
 */
export function startServer(connection: Connection): void {
	const documents = new TextDocuments(TextDocument);
	let pullDiagnostics = false;
	let configurationRequests = false;
	let dynamicConfiguration = false;
	let canCreateFiles = false;
	let folders: WorkspaceFolder[] = [];
	/** Settings sent by clients that cannot answer workspace/configuration. */
	let pushedSettings: IamRestoreLintSettings = DEFAULT_SETTINGS;
	const settingsCache = new Map<string, Promise<IamRestoreLintSettings>>();
	const setFiles = new Map<string, LoadedSetFile>();
	const checkers = new Map<string, Checker>();
	const analyses = new Map<string, CachedAnalysis>();
	// The AWS action catalog is read and parsed once, when the first policy is analysed.
	const catalog = () => loadActionCatalog((message) => connection.console.error(message));
	const builtinChecker = createChecker(builtinRequirementSets, { catalog });

	function log(message: string): void {
		connection.console.log(message);
	}

	/** Like json-language-features' runSafe: one bad document never takes the server down. */
	async function runSafe<T>(what: string, fallback: T, work: () => Promise<T> | T): Promise<T> {
		try {
			return await work();
		} catch (e) {
			connection.console.error(`${what} failed: ${(e as Error)?.stack ?? String(e)}`);
			return fallback;
		}
	}

	connection.onInitialize((params: InitializeParams): InitializeResult => {
		const caps = params.capabilities;
		pullDiagnostics = !!caps.textDocument?.diagnostic;
		configurationRequests = !!caps.workspace?.configuration;
		dynamicConfiguration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
		canCreateFiles = !!caps.workspace?.workspaceEdit?.documentChanges && !!caps.workspace.workspaceEdit.resourceOperations?.includes('create');
		folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
		const options = params.initializationOptions as { settings?: unknown } | undefined;
		if (options?.settings !== undefined) pushedSettings = normalizeSettings(options.settings);
		log(`iam-restore-lint server: ${pullDiagnostics ? 'pull' : 'push'} diagnostics, ${folders.length} workspace folder(s)`);
		return {
			capabilities: {
				textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
				...(pullDiagnostics ? { diagnosticProvider: { identifier: SOURCE, interFileDependencies: false, workspaceDiagnostics: false } } : {}),
				hoverProvider: true,
				completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS },
				codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
				workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
			},
			serverInfo: { name: 'iam-restore-lint', version: typeof __VERSION__ === 'string' ? __VERSION__ : 'dev' },
		};
	});

	connection.onInitialized(() => {
		if (dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'iamRestoreLint' });
		if (folders.length > 0)
			connection.workspace.onDidChangeWorkspaceFolders((e) => {
				folders = [...folders.filter((f) => !e.removed.some((r) => r.uri === f.uri)), ...e.added];
				environmentChanged();
			});
	});

	function getSettings(uri: string): Promise<IamRestoreLintSettings> {
		if (!configurationRequests) return Promise.resolve(pushedSettings);
		let cached = settingsCache.get(uri);
		if (!cached) {
			cached = connection.workspace
				.getConfiguration({ scopeUri: uri, section: 'iamRestoreLint' })
				.then(normalizeSettings, () => DEFAULT_SETTINGS);
			settingsCache.set(uri, cached);
		}
		return cached;
	}

	function folderOf(uri: string): WorkspaceFolder | undefined {
		let best: WorkspaceFolder | undefined;
		for (const f of folders) {
			const prefix = f.uri.endsWith('/') ? f.uri : f.uri + '/';
			if (uri.startsWith(prefix) && (!best || f.uri.length > best.uri.length)) best = f;
		}
		return best;
	}

	/** Workspace-relative path with forward slashes; the plain path for files outside folders. */
	function relativePath(uri: string): string | undefined {
		const parsed = URI.parse(uri);
		if (parsed.scheme !== 'file' && parsed.scheme !== 'vscode-remote' && parsed.scheme !== 'vscode-vfs') return undefined;
		const folder = folderOf(uri);
		if (folder) return path.posix.relative(URI.parse(folder.uri).path, parsed.path);
		return parsed.path.replace(/^\/+/, '');
	}

	/**
	 * The file-system path of a document on the machine the server runs on: `file:` URIs, and
	 * `vscode-remote:` ones (code-server, remote SSH), whose path is local to the server.
	 */
	function localPath(uri: string): string | undefined {
		const parsed = URI.parse(uri);
		if (parsed.scheme === 'file') return parsed.fsPath;
		if (parsed.scheme === 'vscode-remote') return parsed.path;
		return undefined;
	}

	function requirementSetPaths(settings: IamRestoreLintSettings, uri: string): string[] {
		const folder = folderOf(uri) ?? folders[0];
		const base = folder ? localPath(folder.uri) : undefined;
		return settings.requirementSets.map((p) => (path.isAbsolute(p) || !base ? path.resolve(p) : path.resolve(base, p))).sort();
	}

	function openText(fsPath: string): string | undefined {
		return documents.all().find((d) => localPath(d.uri) === fsPath)?.getText();
	}

	function loadSetFile(fsPath: string): LoadedSetFile {
		let loaded = setFiles.get(fsPath);
		if (!loaded) {
			loaded = loadRequirementSetFile(fsPath, openText(fsPath), BUILTIN_IDS);
			setFiles.set(fsPath, loaded);
			for (const p of loaded.problems) log(`requirement set ${fsPath}: ${p.message}`);
		}
		return loaded;
	}

	function checkerFor(setPaths: string[]): { checker: Checker; key: string } {
		if (setPaths.length === 0) return { checker: builtinChecker, key: '' };
		const key = setPaths.join('\n');
		let checker = checkers.get(key);
		if (!checker) {
			const user = setPaths.map(loadSetFile).map((l) => l.set).filter((s): s is RequirementSet => !!s);
			// A user set may not shadow another user set either: the first one listed wins.
			const unique = user.filter((s, i) => user.findIndex((o) => o.id === s.id) === i);
			checker = createChecker([...builtinRequirementSets, ...unique], { catalog });
			checkers.set(key, checker);
		}
		return { checker, key };
	}

	/** Files of roles seen so far: an edit to one re-validates its siblings. */
	const roleMembers = new Set<string>();

	/** The role (iamRestoreLint.roles) a document's file belongs to, with absolute paths. */
	function roleOf(settings: IamRestoreLintSettings, uri: string): { name: string; self: string; policies: string[]; trust?: string; scenarios: string[] } | undefined {
		const self = URI.parse(uri).path;
		const folder = folderOf(uri) ?? folders[0];
		const base = folder ? URI.parse(folder.uri).path : '/';
		const resolve = (p: string) => (path.posix.isAbsolute(p) ? path.posix.normalize(p) : path.posix.join(base, p));
		for (const [name, role] of Object.entries(settings.roles)) {
			const policies = role.policies.map(resolve);
			const trust = role.trust ? resolve(role.trust) : undefined;
			if (!policies.includes(self) && trust !== self) continue;
			for (const p of [...policies, ...(trust ? [trust] : [])]) roleMembers.add(p);
			return { name, self, policies, trust, scenarios: role.scenarios };
		}
		return undefined;
	}

	/** A role file's text: the editor's copy when it is open, else the file on disk (cached by mtime). */
	const diskCache = new Map<string, { mtime: number; text: string }>();
	function memberText(filePath: string): string {
		const open = documents.all().find((d) => URI.parse(d.uri).path === filePath);
		if (open) return open.getText();
		try {
			const fsPath = URI.file(filePath).fsPath;
			const mtime = fs.statSync(fsPath).mtimeMs;
			const hit = diskCache.get(filePath);
			if (hit && hit.mtime === mtime) return hit.text;
			const text = fs.readFileSync(fsPath, 'utf8');
			diskCache.set(filePath, { mtime, text });
			return text;
		} catch {
			return '';
		}
	}

	async function analyzeDocument(document: TextDocument): Promise<CachedAnalysis | undefined> {
		const settings = await getSettings(document.uri);
		if (!settings.enable) return undefined;
		const { checker, key: checkerKey } = checkerFor(requirementSetPaths(settings, document.uri));
		const options = toAnalyzeOptions(settings, relativePath(document.uri));
		const key = JSON.stringify([checkerKey, options.scenarios, options.autoDetect]);
		const cached = analyses.get(document.uri);
		if (cached && cached.version === document.version && cached.key === key) return cached;
		const text = document.getText();
		const role = text.length <= MAX_LIVE_DOCUMENT_CHARS ? roleOf(settings, document.uri) : undefined;
		if (role) {
			// A file of a role is checked with its siblings; alone it gets only its own grammar findings.
			const paths = [...role.policies, ...(role.trust ? [role.trust] : [])];
			const read = (p: string) => ({ name: path.basename(p), text: p === role.self ? text : memberText(p) });
			const analysis = checker.analyzeRole({ name: role.name, policies: role.policies.map(read), trust: role.trust ? read(role.trust) : undefined, scenarios: role.scenarios });
			const index = paths.indexOf(role.self);
			const entry: CachedAnalysis = {
				version: document.version,
				key,
				analysis: analysis.documents[index].analysis,
				settings,
				checker,
				options: { scenarios: [], autoDetect: false },
				role: { name: role.name, analysis, document: index, paths },
			};
			analyses.set(document.uri, entry);
			return entry;
		}
		const analysis: Analysis =
			text.length > MAX_LIVE_DOCUMENT_CHARS ? { kind: 'not-policy', text: '', findings: [], scenarios: [] } : checker.analyze(text, options);
		const entry = { version: document.version, key, analysis, settings, checker, options: { scenarios: options.scenarios, autoDetect: options.autoDetect } };
		analyses.set(document.uri, entry);
		return entry;
	}

	/** Related information that points into another file of the role. */
	function relatedLocator(document: TextDocument, role: NonNullable<CachedAnalysis['role']>) {
		const texts = new Map<number, TextDocument>();
		return (r: RelatedSpan) => {
			if (r.document === undefined || r.document === role.document) return undefined;
			let doc = texts.get(r.document);
			if (!doc) {
				const target = URI.parse(document.uri).with({ path: role.paths[r.document] }).toString();
				texts.set(r.document, (doc = TextDocument.create(target, 'json', 0, role.analysis.documents[r.document].analysis.text)));
			}
			return { uri: doc.uri, range: rangeOf(doc, r.span.offset, r.span.length) };
		};
	}

	/** Problems of a user requirement-set file, shown on that file (when its settings list it). */
	async function setFileDiagnostics(document: TextDocument): Promise<Diagnostic[]> {
		const own = localPath(document.uri);
		if (!own) return [];
		const settings = await getSettings(document.uri);
		if (!requirementSetPaths(settings, document.uri).includes(own)) return [];
		return loadSetFile(own).problems.map((p) => ({
			range: rangeOf(document, p.offset, p.length),
			severity: DiagnosticSeverity.Error,
			source: SOURCE,
			code: 'requirement-set-invalid',
			message: p.message,
		}));
	}

	async function diagnosticsFor(document: TextDocument): Promise<Diagnostic[]> {
		const setProblems = await setFileDiagnostics(document);
		if (document.getText().length > MAX_LIVE_DOCUMENT_CHARS) {
			return [
				{
					range: rangeOf(document, 0, 0),
					severity: DiagnosticSeverity.Information,
					source: SOURCE,
					code: 'document-too-large',
					message: `This document has ${document.getText().length} characters, more than the ${MAX_LIVE_DOCUMENT_CHARS} checked while typing; run the iam-restore-lint CLI on it instead.`,
				},
			];
		}
		const entry = await analyzeDocument(document);
		if (!entry) return setProblems;
		return [...setProblems, ...toDiagnostics(document, entry.analysis.findings, entry.settings.severity, entry.role && relatedLocator(document, entry.role))];
	}

	// Pull model (LSP 3.17): the client asks when it needs them; it cancels outdated requests itself.
	connection.languages.diagnostics.on(async (params, token: CancellationToken) => {
		const document = documents.get(params.textDocument.uri);
		const items = document && !token.isCancellationRequested ? await runSafe('diagnostics', [], () => diagnosticsFor(document)) : [];
		return { kind: DocumentDiagnosticReportKind.Full, items };
	});

	// Push model for clients without pull support.
	const pending = new Map<string, ReturnType<typeof setTimeout>>();
	function schedulePush(document: TextDocument): void {
		if (pullDiagnostics) return;
		const previous = pending.get(document.uri);
		if (previous) clearTimeout(previous);
		pending.set(
			document.uri,
			setTimeout(() => {
				pending.delete(document.uri);
				void pushDiagnostics(document.uri);
			}, 0),
		);
	}
	async function pushDiagnostics(uri: string): Promise<void> {
		const document = documents.get(uri);
		if (!document) return;
		const version = document.version;
		const items = await runSafe('diagnostics', [], () => diagnosticsFor(document));
		// A newer version may have arrived while settings were fetched: never publish stale results.
		if (documents.get(uri)?.version !== version) return;
		await connection.sendDiagnostics({ uri, version, diagnostics: items });
	}

	function refreshAll(): void {
		analyses.clear();
		if (pullDiagnostics) void connection.languages.diagnostics.refresh();
		else for (const d of documents.all()) schedulePush(d);
	}

	/** Settings, folders or user requirement sets changed: drop every cache and re-validate. */
	function environmentChanged(): void {
		settingsCache.clear();
		setFiles.clear();
		checkers.clear();
		refreshAll();
	}

	function userSetChanged(fsPath: string): boolean {
		if (!setFiles.has(fsPath) && ![...checkers.keys()].some((k) => k.split('\n').includes(fsPath))) return false;
		setFiles.delete(fsPath);
		checkers.clear();
		refreshAll();
		return true;
	}

	connection.onDidChangeConfiguration((change) => {
		if (!configurationRequests) pushedSettings = normalizeSettings((change.settings as { iamRestoreLint?: unknown } | undefined)?.iamRestoreLint);
		environmentChanged();
	});

	connection.onDidChangeWatchedFiles((params) => {
		for (const change of params.changes) {
			const changed = localPath(change.uri);
			if (changed && (change.type !== FileChangeType.Created || setFiles.has(changed))) userSetChanged(changed);
		}
	});

	documents.onDidChangeContent((e) => {
		const uri = URI.parse(e.document.uri);
		// Editing a requirement-set file re-validates every policy that uses it, before it is saved.
		const changed = localPath(e.document.uri);
		if (changed && userSetChanged(changed)) return;
		if (roleMembers.has(uri.path)) {
			// The siblings' findings depend on this file: re-validate every open document.
			refreshAll();
			return;
		}
		schedulePush(e.document);
	});

	documents.onDidClose((e) => {
		settingsCache.delete(e.document.uri);
		analyses.delete(e.document.uri);
		const closed = localPath(e.document.uri);
		if (closed && setFiles.has(closed)) userSetChanged(closed);
		if (!pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
	});

	connection.onCodeAction((params) =>
		runSafe('code actions', [], async () => {
			const document = documents.get(params.textDocument.uri);
			const entry = document && (await analyzeDocument(document));
			if (!document || !entry || entry.analysis.kind !== 'policy') return [];
			// In a role, the scenario results are the role's: fixes add what the role as a whole lacks.
			const analysis = entry.role ? { ...entry.analysis, scenarios: entry.role.analysis.scenarios } : entry.analysis;
			return computeCodeActions(document, analysis, params, entry.checker, entry.options, canCreateFiles);
		}),
	);

	connection.onHover((params) =>
		runSafe('hover', null, async () => {
			const document = documents.get(params.textDocument.uri);
			const entry = document && (await analyzeDocument(document));
			if (!document || !entry) return null;
			return hoverFor(document, checkerFor(requirementSetPaths(entry.settings, document.uri)).checker, entry.analysis, params.position);
		}),
	);

	// Completion also works while the file is not (yet) a policy, e.g. a first statement being typed.
	connection.onCompletion((params) =>
		runSafe('completion', null, async () => {
			const document = documents.get(params.textDocument.uri);
			const settings = document && (await getSettings(document.uri));
			if (!document || !settings?.enable) return null;
			const entry = await analyzeDocument(document);
			return completionFor(document, checkerFor(requirementSetPaths(settings, document.uri)).checker, entry?.analysis, params.position);
		}),
	);

	registerScenarioRequests(connection, {
		runSafe,
		checkerFor: async (uri) => (uri ? checkerFor(requirementSetPaths(await getSettings(uri), uri)).checker : builtinChecker),
		analysisOf: async (uri) => {
			const document = documents.get(uri);
			return document ? (await analyzeDocument(document))?.analysis : undefined;
		},
	});

	connection.onRequest(CoverageRequestMethod, (params: CoverageParams) =>
		runSafe<CoverageResult>('coverage', { isPolicy: false, scenarios: [] }, async () => {
			const document = documents.get(params.uri);
			const entry = document && (await analyzeDocument(document));
			if (!entry || entry.analysis.kind !== 'policy') return { isPolicy: false, scenarios: [] };
			const role = entry.role;
			const scenarios = role ? role.analysis.scenarios : entry.analysis.scenarios;
			const lineIndexes = new Map<number, LineIndex>();
			const where = (st: Statement) => {
				const doc = role ? role.analysis.documentOf(st) : -1;
				let lines = lineIndexes.get(doc);
				if (!lines) lineIndexes.set(doc, (lines = new LineIndex(role ? role.analysis.documents[doc].analysis.text : entry.analysis.text)));
				return { ...(st.sid ? { sid: st.sid.value } : {}), line: lines.position(st.node.offset).line + 1, ...(role && doc !== role.document ? { file: path.posix.basename(role.paths[doc]) } : {}) };
			};
			return {
				isPolicy: true,
				policyKind: entry.analysis.model?.kind,
				...(role ? { role: { name: role.name, files: role.paths.map((p) => path.posix.basename(p)) } } : {}),
				scenarios: scenarios.map((s) => ({
					id: s.compiled.set.id,
					title: s.compiled.set.title,
					shortTitle: s.compiled.set.shortTitle,
					product: s.compiled.set.product,
					productVersion: s.compiled.set.productVersion,
					sourceUrl: s.compiled.set.source.url,
					inferred: s.inferred,
					reason: s.reason,
					satisfied: s.satisfied,
					granted: s.granted,
					total: s.actions.length,
					actions: s.actions.map((a) => ({ action: a.action, status: a.status, by: a.by.map(where) })),
					trust: s.trust.map((t) => ({ principal: t.principal, status: t.status })),
				})),
			};
		}),
	);

	documents.listen(connection);
	connection.listen();
}

declare const __VERSION__: string | undefined;
