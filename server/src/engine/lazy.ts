/**
 * A value, or a loader for it (I/O supplied by the caller) that runs at most once, on first need.
 * A loader that throws reports its own failure; the engine then goes on without the value.
 */
export function lazyValue<T extends object>(source: T | (() => T | undefined) | undefined, isValue: (s: unknown) => s is T): () => T | undefined {
	if (!source || isValue(source)) return () => source as T | undefined;
	const load = source as () => T | undefined;
	let loaded = false;
	let value: T | undefined;
	return () => {
		if (!loaded) {
			loaded = true;
			try {
				value = load();
			} catch {
				value = undefined;
			}
		}
		return value;
	};
}
