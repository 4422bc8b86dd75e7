import { Edit, Language, Parser, type Point, type Tree } from 'web-tree-sitter';

/**
 * The two WebAssembly modules tree-sitter needs: its runtime (`web-tree-sitter.wasm`) and the HCL
 * grammar (`tree-sitter-terraform.wasm`). The engine never reads files: the Node faces read them
 * from dist/, the browser worker fetches them (the engine stays pure: it reads no files itself).
 */
export interface TreeSitterWasm {
	runtime: Uint8Array;
	grammar: Uint8Array;
}

/** Supplies the wasm bytes; called at most once per HclParser, on first need, never at module load. */
export type TreeSitterLoader = () => Promise<TreeSitterWasm>;

/** File names scripts/build.mjs copies into dist/ (and .vscodeignore ships). */
export const TREE_SITTER_RUNTIME_FILE = 'web-tree-sitter.wasm';
export const HCL_GRAMMAR_FILE = 'tree-sitter-terraform.wasm';

/** Emscripten's runtime is process-wide: it is initialised once, whichever parser asks first. */
let runtimeReady: Promise<void> | undefined;

function initRuntime(runtime: Uint8Array): Promise<void> {
	runtimeReady ??= Parser.init({ wasmBinary: runtime } as never).catch((e: unknown) => {
		runtimeReady = undefined;
		throw e;
	});
	return runtimeReady;
}

export type HclParserState = 'idle' | 'loading' | 'ready' | 'failed';

/**
 * A lazily loaded HCL parser. `parse` is synchronous once `load()` has resolved; before that it
 * returns undefined and the caller says the file is not analysed yet (the language server
 * re-validates when `load()` resolves; the CLI awaits it before reading .tf files).
 */
export class HclParser {
	private parser: Parser | undefined;
	private loading: Promise<void> | undefined;
	private failure: string | undefined;

	/** `incremental: false` parses every new text from scratch (benchmarks compare with a bare parse). */
	constructor(
		private readonly loader: TreeSitterLoader,
		private readonly options: { incremental?: boolean } = {},
	) {}

	get state(): HclParserState {
		if (this.parser) return 'ready';
		if (this.failure !== undefined) return 'failed';
		return this.loading ? 'loading' : 'idle';
	}

	/** Why loading failed (for a log line and a finding), when it did. */
	get error(): string | undefined {
		return this.failure;
	}

	/** Loads the wasm once; later calls return the same promise. Never rejects: see `state`/`error`. */
	load(): Promise<void> {
		this.loading ??= (async () => {
			try {
				const wasm = await this.loader();
				await initRuntime(wasm.runtime);
				const language = await Language.load(wasm.grammar);
				const parser = new Parser();
				parser.setLanguage(language);
				this.parser = parser;
			} catch (e) {
				this.failure = (e as Error)?.message ?? String(e);
			}
		})();
		return this.loading;
	}

	/**
	 * Parses `text` and hands the tree to `read`. The last few trees are kept (trees live in wasm
	 * memory and are freed when they drop out): a text that differs from one of them in one place,
	 * as an edited document does from its previous version, is re-parsed incrementally, which costs
	 * a fraction of a full parse. Undefined when the parser is not loaded.
	 */
	withTree<T>(text: string, read: (tree: Tree) => T): T | undefined {
		if (!this.parser) return undefined;
		const tree = this.treeFor(text);
		return tree ? read(tree) : undefined;
	}

	private readonly recent: { text: string; tree: Tree }[] = [];
	private static readonly KEEP = 4;

	private treeFor(text: string): Tree | undefined {
		const parser = this.parser!;
		const same = this.recent.findIndex((r) => r.text === text);
		if (same >= 0) {
			const [hit] = this.recent.splice(same, 1);
			this.recent.unshift(hit);
			return hit.tree;
		}
		// The cached text closest to this one: the longest unchanged prefix plus suffix.
		let best: { entry: { text: string; tree: Tree }; edit: Edit; kept: number } | undefined;
		for (const entry of this.recent) {
			const diff = singleEdit(entry.text, text);
			if (!best || diff.kept > best.kept) best = { entry, edit: diff.edit, kept: diff.kept };
			// A keystroke away from the latest version: no older one can be closer enough to matter.
			if (best.kept >= Math.min(entry.text.length, text.length) - 64) break;
		}
		let tree: Tree | null;
		if (best && best.kept > text.length / 2 && this.options.incremental !== false) {
			// The old tree stays cached for its own text: edit a copy.
			const old = best.entry.tree.copy();
			old.edit(best.edit);
			tree = parser.parse(text, old);
			old.delete();
		} else tree = parser.parse(text);
		if (!tree) return undefined;
		this.recent.unshift({ text, tree });
		while (this.recent.length > HclParser.KEEP) this.recent.pop()!.tree.delete();
		return tree;
	}
}

/** The row and column (UTF-16 units) of an offset. */
function pointAt(text: string, offset: number): Point {
	let row = 0;
	let lineStart = 0;
	for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
		row++;
		lineStart = i + 1;
	}
	return { row, column: offset - lineStart };
}

/** The longest piece compared at once by singleEdit (then a 16th of it, down to one character). */
const CHUNK = 4096;

/** The one replacement that turns `before` into `after` (common prefix and suffix kept). */
function singleEdit(before: string, after: string): { edit: Edit; kept: number } {
	const max = Math.min(before.length, after.length);
	// Equal pieces are skipped a slice at a time (V8 compares them natively), then char by char.
	let start = 0;
	for (let step = CHUNK; step >= 1; step >>= 4) while (start + step <= max && before.slice(start, start + step) === after.slice(start, start + step)) start += step;
	let end = 0;
	const b = before.length;
	const a = after.length;
	for (let step = CHUNK; step >= 1; step >>= 4) while (end + step <= max - start && before.slice(b - end - step, b - end) === after.slice(a - end - step, a - end)) end += step;
	const oldEnd = before.length - end;
	const newEnd = after.length - end;
	const edit = new Edit({
		startIndex: start,
		oldEndIndex: oldEnd,
		newEndIndex: newEnd,
		startPosition: pointAt(after, start),
		oldEndPosition: pointAt(before, oldEnd),
		newEndPosition: pointAt(after, newEnd),
	});
	return { edit, kept: start + end };
}
