import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, AnalyzeOptions, Checker, RoleAnalysis } from '../engine';
import type { IamRestoreLintSettings } from '../shared/settings';
import type { Checkers } from './checkers';
import type { SettingsStore } from './configuration';
import type { FileAccess } from './fileAccess';
import type { RuntimePlatform } from './runtime';
import { syntaxOf, toAnalyzeOptions } from './settings';
import { Workspace } from './workspace';

/** Larger documents get one notice instead of live analysis, so the editor never freezes. */
export const MAX_LIVE_DOCUMENT_CHARS = 5 * 1024 * 1024;

/** A document's role (iamRestoreLint.roles): its files as URIs, in the engine's order (policies, then trust). */
export interface DocumentRole {
	name: string;
	analysis: RoleAnalysis;
	/** Index of this document among the role's files. */
	document: number;
	uris: string[];
	/** File keys of the role's files (see Workspace.fileKey). */
	keys: string[];
}

export interface CachedAnalysis {
	uri: string;
	version: number;
	key: string;
	analysis: Analysis;
	settings: IamRestoreLintSettings;
	checker: Checker;
	options: AnalyzeOptions;
	/** Set when the document is one of the files of a role. */
	role?: DocumentRole;
	/** Set when the document was too large to analyse: its length. */
	tooLarge?: number;
}

/** Terraform files: by language id (HashiCorp's extension says `terraform`, others `hcl`) or by extension. */
export function isTerraform(document: TextDocument): boolean {
	return document.languageId === 'terraform' || document.languageId === 'hcl' || /\.tf$/i.test(document.uri);
}

/**
 * The analysis of every open document, one per document version and settings, shared by
 * diagnostics, code actions, hover, completion and coverage (like json-language-features'
 * languageModelCache). Documents that belong to a role are analysed with their siblings.
 */
export class AnalysisCache {
	private readonly entries = new Map<string, CachedAnalysis>();

	constructor(
		private readonly settings: SettingsStore,
		private readonly checkers: Checkers,
		private readonly files: FileAccess,
		private readonly workspace: Workspace,
		private readonly platform: RuntimePlatform,
	) {}

	/** The current analysis of a document; undefined when checking is disabled for it. */
	async analyze(document: TextDocument): Promise<CachedAnalysis | undefined> {
		const uri = document.uri;
		const settings = await this.settings.get(uri);
		if (!settings.enable) return undefined;
		const { checker, key: checkerKey, unavailable } = await this.checkers.forDocument(settings, uri);
		const options = {
			...toAnalyzeOptions(settings, this.workspace.relativePath(uri), this.platform.windowsPaths),
			syntax: syntaxOf(document.languageId, uri),
			// Named as the user sees them; an unknown scenario id asked for is blamed on these.
			unavailableRequirementSets: unavailable.map((u) => ({ file: this.workspace.relativePath(u.uri) ?? u.uri, reason: u.reason })),
		};
		if (options.syntax === 'hcl') await this.checkers.ensureHostSupport();
		const key = JSON.stringify([checkerKey, options.scenarios, options.autoDetect, options.syntax, options.scenariosByName]);
		const cached = this.entries.get(uri);
		if (cached && cached.version === document.version && cached.key === key) return cached;
		const role = this.roleFiles(settings, uri);
		// The siblings are read first; the document's own text and version are then taken together.
		const siblings = role ? await Promise.all(role.uris.map((u, i) => (i === role.self ? undefined : this.files.readForSettings(u, settings, uri)))) : [];
		const version = document.version;
		const text = document.getText();
		const base = { uri, version, key, settings, checker };
		let entry: CachedAnalysis;
		if (text.length > MAX_LIVE_DOCUMENT_CHARS) {
			entry = { ...base, analysis: { kind: 'not-policy', text: '', findings: [], scenarios: [] }, options: {}, tooLarge: text.length };
		} else if (role) {
			// A file of a role is checked with its siblings; alone it gets only its own grammar findings.
			const read = (i: number) => ({ name: Workspace.basename(role.uris[i]), text: i === role.self ? text : (siblings[i]?.text ?? '') });
			const texts = role.uris.map((_, i) => read(i));
			const analysis = checker.analyzeRole({
				name: role.name,
				policies: texts.slice(0, role.policyCount),
				trust: role.policyCount < texts.length ? texts[role.policyCount] : undefined,
				scenarios: role.scenarios,
			}, options.unavailableRequirementSets);
			entry = {
				...base,
				analysis: analysis.documents[role.self].analysis,
				options: { scenarios: [], autoDetect: false },
				role: { name: role.name, analysis, document: role.self, uris: role.uris, keys: role.uris.map((u) => this.files.key(u)) },
			};
		} else {
			entry = { ...base, analysis: checker.analyze(text, options), options: { scenarios: options.scenarios, autoDetect: options.autoDetect, syntax: options.syntax, scenariosByName: options.scenariosByName } };
		}
		// A newer version may have been analysed meanwhile; never replace it with an older one.
		const current = this.entries.get(uri);
		if (!current || current.version <= version) this.entries.set(uri, entry);
		return entry;
	}

	/** The role a document's file belongs to (the first role in the settings that lists it). */
	private roleFiles(settings: IamRestoreLintSettings, uri: string) {
		const self = this.files.key(uri);
		for (const [name, role] of Object.entries(settings.roles)) {
			const policies = this.files.resolveAll(role.policies, uri);
			const trust = role.trust ? this.files.resolveAll([role.trust], uri) : [];
			const uris = [...policies, ...trust];
			const index = uris.findIndex((u) => this.files.key(u) === self);
			if (index < 0) continue;
			// The document's own URI, so related information and coverage name it as the editor does.
			uris[index] = uri;
			return { name, uris, self: index, policyCount: policies.length, scenarios: role.scenarios };
		}
		return undefined;
	}

	/**
	 * The open documents whose analysis read this file as a sibling in a role: an edit to it (or a
	 * change on disk) makes them stale. The file itself is not included.
	 */
	dependents(uri: string): string[] {
		const key = this.files.key(uri);
		return [...this.entries.values()].filter((e) => e.role && e.role.keys.includes(key) && this.files.key(e.uri) !== key).map((e) => e.uri);
	}

	delete(uri: string): void {
		this.entries.delete(uri);
	}

	clear(): void {
		this.entries.clear();
	}

	get size(): number {
		return this.entries.size;
	}
}
