import { Language, Parser, type Tree } from 'web-tree-sitter';

/**
 * The two WebAssembly modules tree-sitter needs: its runtime (`web-tree-sitter.wasm`) and the HCL
 * grammar (`tree-sitter-terraform.wasm`). The engine never reads files: the Node faces read them
 * from dist/, the browser worker fetches them (STYLE.md: the engine stays pure).
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

	constructor(private readonly loader: TreeSitterLoader) {}

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
	 * Parses `text` and hands the tree to `read`, then frees the tree (tree-sitter's trees live in
	 * wasm memory and are not garbage collected). Undefined when the parser is not loaded.
	 */
	withTree<T>(text: string, read: (tree: Tree) => T): T | undefined {
		if (!this.parser) return undefined;
		const tree = this.parser.parse(text);
		if (!tree) return undefined;
		try {
			return read(tree);
		} finally {
			tree.delete();
		}
	}
}
