import { isWellFormedAction } from './actionShape';
import { detached } from './detached';
import { globMatch, hasWildcard } from './patterns';
import type { Statement } from './policyModel';
import type { CompiledRequirementSet } from './requirements';

const NONE: readonly number[] = [];
const NO_STATEMENTS: readonly Statement[] = [];

/** Wildcard expansions kept across analyses (keystrokes repeat the same patterns). */
const MAX_CACHED_PATTERNS = 20000;

/**
 * Every required action of a checker's requirement sets, numbered once. Matching a policy
 * against ~1,000 required actions of 30+ scenarios then costs one Map lookup per action the
 * policy names (plus one cached expansion per wildcard), instead of one pattern match per
 * statement per required action per scenario.
 */
export class RequirementIndex {
	/** Lower-case required actions (may themselves be wildcards as a source prints them). */
	readonly actions: string[] = [];
	private readonly ids = new Map<string, number>();
	/** Action id → indices (into `sets`) of the sets that require it. */
	readonly setsOf: number[][] = [];
	private readonly expansions = new Map<string, readonly number[]>();
	/** Raw value string (as written, any case, with spaces) → the required action ids it lists. */
	private readonly valueIds = new Map<string, readonly number[]>();
	private readonly singles: (readonly number[])[] = [];
	private readonly statementIds = new WeakMap<Statement, Set<number>>();
	private readonly byStatements = new WeakMap<readonly Statement[], Listing>();
	constructor(readonly sets: readonly CompiledRequirementSet[]) {
		sets.forEach((c, setIndex) => {
			for (const a of c.lower) {
				let id = this.ids.get(a);
				if (id === undefined) {
					id = this.actions.length;
					this.ids.set(a, id);
					this.actions.push(a);
					this.setsOf.push([]);
				}
				if (!this.setsOf[id].includes(setIndex)) this.setsOf[id].push(setIndex);
			}
		});
	}

	idOf(action: string): number | undefined {
		return this.ids.get(action);
	}

	/** Ids of the required actions a (lower-case) policy pattern matches, cached per pattern. */
	private expand(pattern: string): readonly number[] {
		let ids = this.expansions.get(pattern);
		if (!ids) {
			const found: number[] = [];
			this.actions.forEach((a, id) => {
				if (globMatch(pattern, a)) found.push(id);
			});
			if (this.expansions.size >= MAX_CACHED_PATTERNS) this.expansions.clear();
			this.expansions.set(detached(pattern), (ids = found));
		}
		return ids;
	}

	/** The required actions one Action value (as written) names, literally or by wildcard; cached per value. */
	listedByValue(raw: string): readonly number[] {
		let ids = this.valueIds.get(raw);
		if (!ids) {
			const pattern = raw.toLowerCase();
			// A literal needs no shape check: only a well-formed name can equal a required action. It
			// is cached as written too (keystrokes repeat every name; the cache is bounded).
			if (!hasWildcard(pattern)) {
				const id = this.ids.get(pattern);
				ids = id === undefined ? NONE : (this.singles[id] ??= [id]);
			}
			// A malformed string (spaces, no colon, a wildcard in the service) names no action.
			else ids = isWellFormedAction(raw) ? this.expand(pattern) : [];
			if (this.valueIds.size >= MAX_CACHED_PATTERNS) this.valueIds.clear();
			// A value is cut from its document's text: the key must not keep that version alive.
			this.valueIds.set(detached(raw), ids);
		}
		return ids;
	}

	/**
	 * The required actions a statement's Action/NotAction list names (not yet inverted for
	 * NotAction), computed once per statement.
	 */
	listedBy(statement: Statement): Set<number> {
		let ids = this.statementIds.get(statement);
		if (!ids) {
			ids = new Set<number>();
			for (const v of statement.action?.values ?? []) for (const id of this.listedByValue(v.value)) ids.add(id);
			this.statementIds.set(statement, ids);
		}
		return ids;
	}

	/**
	 * Whether a statement's Action/NotAction list names the required action `id` (not inverted for
	 * NotAction), for a question asked once per statement: its values are looked up without making
	 * the statement's set of ids ({@link listedBy}, for many questions).
	 */
	names(statement: Statement, id: number): boolean {
		const known = this.statementIds.get(statement);
		if (known) return known.has(id);
		for (const v of statement.action?.values ?? []) if (this.listedByValue(v.value).includes(id)) return true;
		return false;
	}

	/**
	 * The statements that can apply to a required action: those whose Action list names it, in
	 * order, or all of them when a NotAction statement is among them (NotAction applies to what it
	 * does not list). Built once per statement list, i.e. per analysis. Actions named by the same
	 * statements get the same array, so that evaluate.ts judges them once per resource target.
	 */
	candidates(statements: readonly Statement[], id: number): readonly Statement[] {
		return candidatesIn(this.listing(statements), statements, id);
	}

	/** {@link candidates} for many actions of one statement list: the listing looked up once. */
	candidatesOf(statements: readonly Statement[]): (id: number) => readonly Statement[] {
		const listing = this.listing(statements);
		return (id) => candidatesIn(listing, statements, id);
	}

	private listing(statements: readonly Statement[]): Listing {
		let listing = this.byStatements.get(statements);
		if (!listing) this.byStatements.set(statements, (listing = this.list(statements)));
		return listing;
	}

	/** Per required action, where its path of listing statements ends (no per-statement sets: this runs on every analysis). */
	private list(statements: readonly Statement[]): Listing {
		const ends: (StatementPath | undefined)[] = new Array(this.actions.length);
		for (let k = 0; k < statements.length; k++) {
			const s = statements[k];
			if (!s.effect || !s.action) continue;
			if (s.action.key === 'NotAction') return NOT_ACTION;
			// Every action on one path moves to the same longer path: the first action to move makes it.
			let first: StatementPath | undefined;
			const values = s.action.values;
			for (let v = 0; v < values.length; v++) {
				const ids = this.listedByValue(values[v].value);
				for (let i = 0; i < ids.length; i++) {
					const before = ends[ids[i]];
					// Named twice by this statement.
					if (before?.statement === s) continue;
					let after: StatementPath;
					if (!before) after = first ??= { statement: s, previous: undefined, next: undefined, list: undefined };
					else if (before.next?.statement === s) after = before.next;
					else after = before.next = { statement: s, previous: before, next: undefined, list: undefined };
					ends[ids[i]] = after;
				}
			}
		}
		return ends;
	}
}

/**
 * The statements that list an action, as a path from the last (`statement`) back to the first;
 * actions listed by the same statements end on the same path, whose array is made once, on first need.
 */
interface StatementPath {
	statement: Statement;
	previous: StatementPath | undefined;
	/** The path one statement longer that the actions on this one moved to last. */
	next: StatementPath | undefined;
	list?: readonly Statement[];
}

function candidatesIn(listing: Listing, statements: readonly Statement[], id: number): readonly Statement[] {
	if (listing === NOT_ACTION) return statements;
	const end = listing[id];
	return end ? (end.list ??= statementsOn(end)) : NO_STATEMENTS;
}

function statementsOn(path: StatementPath): readonly Statement[] {
	const out: Statement[] = [];
	for (let p: StatementPath | undefined = path; p; p = p.previous) out.push(p.statement);
	return out.reverse();
}

/** Per required action id, the end of its path; NOT_ACTION when a NotAction statement makes every statement a candidate. */
type Listing = readonly (StatementPath | undefined)[];
const NOT_ACTION: Listing = [];
