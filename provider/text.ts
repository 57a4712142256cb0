// Text as messages carry it, for every layer (Graph's errors below the families, the families' refusals above).

/** The first `max` characters, one fewer where that would split a character written as a surrogate pair. */
export const cut = (text: string, max: number): string => text.slice(0, /[\uD800-\uDBFF]/.test(text[max - 1]) ? max - 1 : max);

/** A text whole when short, else its start and its full length (`aaa… (5000 characters)`). */
export const cutShort = (text: string, max: number): string =>
    text.length <= max ? text : `${cut(text, max)}… (${text.length} characters)`;

/** A count and its noun: `1 page`, `3 pages` (`many` where the plural is not the noun and an s). */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
