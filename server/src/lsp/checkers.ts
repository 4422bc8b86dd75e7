import { ActionCatalog, Checker, CheckerInit, createChecker, RequirementSet } from '../engine';
import { hclSyntax } from '../engine/host/hclSyntax';
import { ManagedPolicies, managedPolicyResolver } from '../engine/managedPolicies';
import { HclParser } from '../engine/syntax/treeSitter';
import { builtinRequirementSets } from '../scenarios';
import type { IamRestoreLintSettings } from '../shared/settings';
import type { ServerRuntime } from './runtime';
import { LoadedSetFile, parseRequirementSetFile } from './userRequirementSets';
import type { FileAccess } from './fileAccess';

/** A user requirement-set file that defines nothing: it could not be read, or it is invalid. */
export interface UnavailableSetFile {
	uri: string;
	/** Its first problem's message ("Cannot read requirement set: the file does not exist."). */
	reason: string;
}

const BUILTIN_IDS: ReadonlySet<string> = new Set(builtinRequirementSets.map((s) => s.id));

/**
 * The engine's checkers: one for the built-in scenarios, one per combination of user
 * requirement-set files (`iamRestoreLint.requirementSets`), each compiled once. The AWS action
 * catalog is loaded through the runtime once, before the first checker is built.
 */
export class Checkers {
	private catalog: Promise<ActionCatalog | undefined> | undefined;
	private builtin: Promise<Checker> | undefined;
	private readonly withSets = new Map<string, Promise<{ checker: Checker; unavailable: UnavailableSetFile[] }>>();
	/** Loaded user requirement-set files by file key. */
	private readonly setFiles = new Map<string, Promise<LoadedSetFile>>();
	/** Terraform: tree-sitter's wasm, loaded through the runtime when the first .tf file is checked. */
	private readonly hclParser: HclParser;
	private managedPolicies: ManagedPolicies | undefined;
	private hostSupport: Promise<void> | undefined;

	constructor(
		private readonly runtime: ServerRuntime,
		private readonly files: FileAccess,
		private readonly log: (message: string) => void,
	) {
		this.hclParser = new HclParser(() => (runtime.loadTreeSitterWasm ? runtime.loadTreeSitterWasm() : Promise.reject(new Error('this runtime cannot load tree-sitter'))));
	}

	/** What every checker is built with besides its requirement sets. */
	private async init(): Promise<CheckerInit> {
		return { catalog: await this.loadCatalog(), syntaxes: [hclSyntax(this.hclParser)], managedPolicy: managedPolicyResolver(() => this.managedPolicies) };
	}

	/**
	 * Loads what files that hold several policies need (once): the HCL parser and the AWS managed
	 * policies. Called before the first Terraform file is analysed; failures are logged and the
	 * files are then checked without them (a .tf file gets nothing, managed ARNs stay unresolved).
	 */
	ensureHostSupport(): Promise<void> {
		this.hostSupport ??= (async () => {
			const managed = this.runtime.loadManagedPoliciesText
				? this.runtime.loadManagedPoliciesText().then(
						(text) => {
							this.managedPolicies = ManagedPolicies.parse(text);
						},
						(e: unknown) => this.log(`AWS managed policies unavailable: ${(e as Error)?.message ?? String(e)}`),
					)
				: Promise.resolve();
			await Promise.all([this.hclParser.load(), managed]);
			if (this.hclParser.error) this.log(`Terraform files cannot be checked: tree-sitter failed to load (${this.hclParser.error})`);
		})();
		return this.hostSupport;
	}

	private loadCatalog(): Promise<ActionCatalog | undefined> {
		this.catalog ??= this.runtime.loadCatalogText().then(
			(text) => ActionCatalog.parse(text),
			(e: unknown) => {
				this.log(`AWS action catalog unavailable: ${(e as Error)?.message ?? String(e)}`);
				return undefined;
			},
		);
		return this.catalog;
	}

	/** The checker with the built-in scenarios only. */
	builtinChecker(): Promise<Checker> {
		this.builtin ??= this.init().then((init) => createChecker(builtinRequirementSets, init));
		return this.builtin;
	}

	/** The URIs of the requirement-set files a document's settings name, sorted; unresolvable paths left out. */
	setUris(settings: IamRestoreLintSettings, documentUri: string): string[] {
		return this.files.resolveAll(settings.requirementSets, documentUri).sort();
	}

	/**
	 * The checker for a document: the built-in scenarios plus the user sets its settings name, and
	 * the set files that could not be used (missing, unreadable, invalid) with why — a scenario id
	 * they should have defined is then reported as unknown because of them (failing closed).
	 */
	async forDocument(settings: IamRestoreLintSettings, documentUri: string): Promise<{ checker: Checker; key: string; unavailable: UnavailableSetFile[] }> {
		const uris = this.setUris(settings, documentUri);
		if (uris.length === 0) return { checker: await this.builtinChecker(), key: '', unavailable: [] };
		const key = uris.join('\n');
		let built = this.withSets.get(key);
		if (!built) {
			built = (async () => {
				const loaded = await Promise.all(uris.map((u) => this.setFile(u, settings, documentUri)));
				const user = loaded.map((l) => l.set).filter((s): s is RequirementSet => !!s);
				// A user set may not shadow another user set either: the first one listed wins.
				const unique = user.filter((s, i) => user.findIndex((o) => o.id === s.id) === i);
				const unavailable = loaded.filter((l) => !l.set).map((l) => ({ uri: l.uri, reason: l.problems[0]?.message ?? 'it could not be used' }));
				return { checker: createChecker([...builtinRequirementSets, ...unique], await this.init()), unavailable };
			})();
			this.withSets.set(key, built);
		}
		return { ...(await built), key };
	}

	/**
	 * One user requirement-set file, parsed and validated (the editor's copy when it is open), as
	 * the settings of `documentUri` name it (they decide whether a file outside the workspace may be read).
	 */
	setFile(uri: string, settings: IamRestoreLintSettings, documentUri: string): Promise<LoadedSetFile> {
		const key = this.files.key(uri);
		let loaded = this.setFiles.get(key);
		if (!loaded) {
			loaded = this.files.readForSettings(uri, settings, documentUri).then((read) => {
				const file = parseRequirementSetFile(uri, read.text, BUILTIN_IDS, read.reason);
				for (const p of file.problems) this.log(`requirement set ${uri}: ${p.message}`);
				return file;
			});
			this.setFiles.set(key, loaded);
		}
		return loaded;
	}

	/**
	 * A file changed (edited, saved, deleted). When it is a requirement-set file some checker uses,
	 * drops what was built from it and answers true.
	 */
	invalidate(uri: string): boolean {
		const key = this.files.key(uri);
		const used = this.setFiles.has(key) || [...this.withSets.keys()].some((k) => k.split('\n').some((u) => this.files.key(u) === key));
		if (!used) return false;
		this.setFiles.delete(key);
		this.withSets.clear();
		return true;
	}

	/** Settings or folders changed: user sets are read again on next use (the catalog stays). */
	clear(): void {
		this.setFiles.clear();
		this.withSets.clear();
	}
}
