/** One regular expression from several, in order: long expected messages stay within the line length. */
export function joined(...parts: RegExp[]): RegExp {
    return new RegExp(parts.map((p) => p.source).join(""));
}
