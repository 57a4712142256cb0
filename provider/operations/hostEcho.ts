// Pulumi's dynamic provider host answers a failed read or delete to the engine, which reports it, and
// also writes `${error}: ${error.stack}` to stderr, which the CLI shows again under the stack: the
// same message twice more, with a stack trace of provider internals. For errors this package raised
// (and only those) that echo is held back.

const raised = new Set<string>();
let installed = false;

/** Marks an error about to be thrown to the host, so that the host's echo of it is not printed. */
export function silenceHostEcho(e: Error): void {
    raised.add(String(e));
    if (raised.size > 100) raised.delete(raised.values().next().value as string);
    if (installed) return;
    installed = true;
    const print = console.error.bind(console);
    console.error = (...args: unknown[]) => {
        const text = args[0];
        if (args.length === 1 && typeof text === "string" && [...raised].some((r) => text.startsWith(`${r}: `))) return;
        print(...args);
    };
}
