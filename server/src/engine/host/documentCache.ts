import { detached } from '../detached';

/**
 * Policy documents read from earlier versions of a file. A document's nodes are a function of
 * the block it is written in and of what it looked up while it was read (a policy document data
 * source, a local, a module file): when the block's text is the same and every lookup finds the
 * same text at the same distance from the block, the document is the one read before, moved by
 * the distance the block moved. On a keystroke only the documents of the edited block (and those
 * that look it up) are read again; the others are neither read nor copied until someone asks for
 * their nodes.
 */

/** One lookup a document made while it was read: what it found, where (relative to its block). */
export interface Dependency {
	kind: string;
	name: string;
	/** The text found (a block's, a file's), undefined when the lookup found nothing. */
	source: string | undefined;
	/** Its offset minus the reading block's offset. */
	at: number;
}

export interface CachedDocument<T> {
	/** Names this content: two documents with the same id have the same nodes relative to their bases. */
	readonly id: number;
	/** The offset of the block it was read from. */
	readonly base: number;
	readonly value: T;
}

interface Entry<T> extends CachedDocument<T> {
	dependencies: Dependency[];
	used: number;
}

/** Ids are unique across caches: a role's reuse key names documents by id (analyzeHost.ts roleSignature). */
let nextId = 0;

export class DocumentCache<T> {
	/** By the text of the block the document is written in, then by which document of the block it is. */
	private readonly entries = new Map<string, Map<string, Entry<T>>>();
	private run = 0;

	/** @param keep runs an entry survives unused (each entry holds nodes of its file's version). */
	constructor(private readonly keep = 4) {}

	/**
	 * The entry stored for `block` (a block's text: two keys, not one joined string, which would copy
	 * the block's text on every lookup) and `key`, if each of its lookups still finds the same (`holds`).
	 */
	get(block: string, key: string, holds: (dependency: Dependency) => boolean): CachedDocument<T> | undefined {
		const hit = this.entries.get(block)?.get(key);
		if (!hit || !hit.dependencies.every(holds)) return undefined;
		hit.used = this.run;
		return hit;
	}

	set(block: string, key: string, base: number, dependencies: Dependency[], value: T): CachedDocument<T> {
		// Texts cut from the file are copied: the entry must not keep the file's version alive.
		const entry = { id: nextId++, base, dependencies: dependencies.map((d) => ({ ...d, source: d.source === undefined ? undefined : detached(d.source) })), value, used: this.run };
		let inBlock = this.entries.get(block);
		if (!inBlock) this.entries.set(detached(block), (inBlock = new Map()));
		inBlock.set(key, entry);
		return entry;
	}

	/** Ends one read of a file: entries no read of the last `keep` used go. */
	endRun(): void {
		for (const [block, inBlock] of this.entries) {
			for (const [k, e] of inBlock) if (this.run - e.used >= this.keep) inBlock.delete(k);
			if (inBlock.size === 0) this.entries.delete(block);
		}
		this.run++;
	}
}
