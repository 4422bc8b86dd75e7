/** Deterministic PRNG (mulberry32): seeded test inputs are the same on every run and machine. */
export function prng(seed: number): () => number {
	return () => {
		seed |= 0;
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A line of `length` characters that are not JSON, with commas between: about one syntax error per character. */
export function garbageLine(length: number, seed = 11): string {
	const rnd = prng(seed);
	const alphabet = '@#,%&|~ ^;=<>?!$,abc';
	return Array.from({ length }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
}
