/**
 * A copy of `piece` that does not hold on to the text it was cut from. V8 makes a slice of a long
 * string a view on that string: a cache keyed by a block's text, cut from a 100 KB file, kept every
 * version of the file it saw alive as long as the entry lived (50 slices of 2,000 characters of
 * 100 KB texts: 4.95 MB retained; copied: 0.10 MB). Joining forces a flat copy, which the slice
 * then views.
 */
export function detached(piece: string): string {
	return (piece + ' ').slice(0, -1);
}
