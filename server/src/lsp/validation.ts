import { CancellationToken, Connection, DocumentDiagnosticReportKind, Location, LSPErrorCodes, ResponseError, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { RelatedSpan } from '../engine';
import type { AnalysisCache, DocumentRole } from './analysisCache';
import { MAX_LIVE_DOCUMENT_CHARS } from './analysisCache';
import type { Checkers } from './checkers';
import type { SettingsStore } from './configuration';
import { rangeOf, ServerFinding, toDiagnostics } from './diagnostics';
import type { FileAccess } from './fileAccess';
import type { RunSafe } from './runner';
import type { ServerRuntime } from './runtime';

/** How often a pull of one document version that ran out of time is retriggered before answering empty. */
const MAX_BUDGET_RETRIES = 3;

export interface ValidationContext {
	connection: Connection;
	documents: TextDocuments<TextDocument>;
	settings: SettingsStore;
	checkers: Checkers;
	analyses: AnalysisCache;
	files: FileAccess;
	runtime: ServerRuntime;
	runSafe: RunSafe;
}

/**
 * Diagnostics, pulled (LSP 3.17 `textDocument/diagnostic`) or pushed to clients without pull
 * support, from one computation: `diagnosticsFor`.
 */
export class Validation {
	/** Set on initialize: the client pulls diagnostics. */
	pull = false;
	private readonly pending = new Map<string, () => void>();

	constructor(private readonly ctx: ValidationContext) {}

	register(): void {
		const { connection, documents, runSafe } = this.ctx;
		// Pull model: the client asks when it needs them and cancels outdated requests itself.
		connection.languages.diagnostics.on(async (params, token: CancellationToken) => {
			const document = documents.get(params.textDocument.uri);
			let settled = false;
			const items = document
				? await runSafe('diagnostics', undefined, () => this.diagnosticsFor(document).finally(() => (settled = true)), token)
				: [];
			if (items === undefined && document && !settled && !token.isCancellationRequested && this.retrigger(document)) {
				// The time budget ran out (the web worker's first fetch of the AWS catalog on a slow
				// network, a loaded machine): an empty answer would stand until the next edit, so the
				// client is told to pull again (LSP 3.17 DiagnosticServerCancellationData).
				throw new ResponseError(LSPErrorCodes.ServerCancelled, 'diagnostics are still being computed', { retriggerRequest: true });
			}
			return { kind: DocumentDiagnosticReportKind.Full, items: items ?? [] };
		});
	}

	/** Pulls of one document version the time budget ended; retried a few times, then answered empty. */
	private readonly budgetRetries = new Map<string, number>();

	private retrigger(document: TextDocument): boolean {
		const key = `${document.version}@${document.uri}`;
		const count = (this.budgetRetries.get(key) ?? 0) + 1;
		this.budgetRetries.set(key, count);
		if (this.budgetRetries.size > 100) this.budgetRetries.delete(this.budgetRetries.keys().next().value!);
		return count <= MAX_BUDGET_RETRIES;
	}

	/** Every diagnostic of a document: its own findings, and its problems as a requirement-set file. */
	async diagnosticsFor(document: TextDocument): Promise<ReturnType<typeof toDiagnostics>> {
		const { settings, analyses } = this.ctx;
		const { isSetFile, problems } = await this.setFileFindings(document);
		const findings: ServerFinding[] = problems;
		const entry = await analyses.analyze(document);
		if (!entry) return findings.length > 0 ? toDiagnostics(document, findings, (await settings.get(document.uri)).severity) : [];
		if (entry.tooLarge !== undefined)
			findings.push({
				code: 'document-too-large',
				severity: 'information',
				span: { offset: 0, length: 0 },
				message: `This document has ${entry.tooLarge} characters, more than the ${MAX_LIVE_DOCUMENT_CHARS} checked while typing; run the iam-restore-lint CLI on it instead.`,
			});
		// A requirement-set file is not a policy: a scenarios glob that also matches it does not make it
		// fail as one (its own problems, above, say why its scenario is unknown).
		findings.push(...(isSetFile ? entry.analysis.findings.filter((f) => f.code !== 'no-policy' && f.code !== 'scenario-unknown') : entry.analysis.findings));
		return toDiagnostics(document, findings, entry.settings.severity, entry.role && relatedLocator(document, entry.role));
	}

	/** Problems of a user requirement-set file, shown on that file when its settings list it. */
	private async setFileFindings(document: TextDocument): Promise<{ isSetFile: boolean; problems: ServerFinding[] }> {
		const { settings, checkers, files } = this.ctx;
		const own = files.key(document.uri);
		const ownSettings = await settings.get(document.uri);
		const uris = checkers.setUris(ownSettings, document.uri);
		const listed = uris.find((u) => files.key(u) === own);
		if (!listed) return { isSetFile: false, problems: [] };
		const problems = (await checkers.setFile(listed, ownSettings, document.uri)).problems.map((p): ServerFinding => ({
			code: 'requirement-set-invalid',
			severity: 'error',
			span: { offset: p.offset, length: p.length },
			message: p.message,
		}));
		return { isSetFile: true, problems };
	}

	/** Re-validate one document: pushed soon, or (pull) left to the client's next request. */
	schedule(document: TextDocument): void {
		if (this.pull) return;
		const uri = document.uri;
		this.pending.get(uri)?.();
		this.pending.set(
			uri,
			this.ctx.runtime.setTimer(() => {
				this.pending.delete(uri);
				void this.push(uri);
			}, 0),
		);
	}

	private async push(uri: string): Promise<void> {
		const { documents, connection, runSafe } = this.ctx;
		const document = documents.get(uri);
		if (!document) return;
		const version = document.version;
		const diagnostics = await runSafe('diagnostics', [], () => this.diagnosticsFor(document));
		// A newer version may have arrived meanwhile: never publish stale results.
		if (documents.get(uri)?.version !== version) return;
		await connection.sendDiagnostics({ uri, version, diagnostics });
	}

	/** Some documents' diagnostics are stale: recompute those (push) or ask the client to pull again. */
	revalidate(uris: readonly string[]): void {
		if (uris.length === 0) return;
		for (const uri of uris) this.ctx.analyses.delete(uri);
		if (this.pull) this.ctx.connection.languages.diagnostics.refresh();
		else for (const uri of uris) {
			const document = this.ctx.documents.get(uri);
			if (document) this.schedule(document);
		}
	}

	/** Everything may have changed (settings, folders, requirement sets). */
	revalidateAll(): void {
		this.ctx.analyses.clear();
		this.revalidate(this.ctx.documents.all().map((d) => d.uri));
	}

	/** A closed document's diagnostics disappear with it (push); pull clients drop them themselves. */
	closed(uri: string): void {
		this.pending.get(uri)?.();
		this.pending.delete(uri);
		if (!this.pull) void this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
	}
}

/** Related information that points into another file of the role. */
function relatedLocator(document: TextDocument, role: DocumentRole): (r: RelatedSpan) => Location | undefined {
	const texts = new Map<number, TextDocument>();
	return (r) => {
		if (r.document === undefined || r.document === role.document) return undefined;
		let doc = texts.get(r.document);
		if (!doc) {
			// The sibling as the document's scheme names it (file:, vscode-remote:).
			const target = URI.parse(document.uri).with({ path: URI.parse(role.uris[r.document]).path }).toString();
			texts.set(r.document, (doc = TextDocument.create(target, 'json', 0, role.analysis.documents[r.document].analysis.text)));
		}
		return { uri: doc.uri, range: rangeOf(doc, r.span.offset, r.span.length) };
	};
}
