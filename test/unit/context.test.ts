// The context configure builds: settings from stack config over the given environment, a problem
// instead of an exception when they cannot be used, and nothing shared between two contexts.
import { createContext } from "../../provider/operations/context";

const env = { ENTRA_GRAPH_ENDPOINT: "http://127.0.0.1:1", ENTRA_ACCESS_TOKEN: "t" };

test("stack config wins over the environment; the environment is the one given, not process.env", () => {
    const config = (k: string) => ({ "entra:graphVersion": "beta", "entra:maxRetries": "2" })[k];
    const ctx = createContext(config, { env: { ...env, ENTRA_GRAPH_VERSION: "v1.0" } });
    expect(ctx.settings).toMatchObject({ endpoint: "http://127.0.0.1:1", version: "beta", maxRetries: 2, accessToken: "t" });
    // The one test that sets process.env: to show a context given an environment does not read it.
    process.env.ENTRA_GRAPH_ENDPOINT = "http://process.env.example";
    try {
        expect(createContext(undefined, { env: {} }).settings?.endpoint).toBe("https://graph.microsoft.com");
        expect(createContext().settings?.endpoint).toBe("http://process.env.example");
    } finally {
        delete process.env.ENTRA_GRAPH_ENDPOINT;
    }
});

test("unusable settings become a problem check reports; asking for the client names it", () => {
    const ctx = createContext((k) => (k === "entra:maxRetries" ? "many" : undefined), { env });
    expect(ctx.settings).toBeUndefined();
    expect(ctx.settingsProblem).toBe('entra:maxRetries must be a whole number, 0 or more (got "many")');
    expect(() => ctx.graph()).toThrow(/^provider settings: entra:maxRetries must be a whole number/);
});

test("two contexts share no client and no known objects", () => {
    const a = createContext(undefined, { env });
    const b = createContext(undefined, { env });
    expect(a.graph()).toBe(a.graph());
    expect(a.graph()).not.toBe(b.graph());
    a.standing.add("x");
    a.shown.add("y");
    expect(b.standing.has("x") || b.shown.has("y")).toBe(false);
});

test("progress is silent unless ENTRA_LOG is set in the context's environment", () => {
    const write = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
        createContext(undefined, { env }).progress("quiet");
        createContext(undefined, { env: { ...env, ENTRA_LOG: "1" } }).progress("heard");
        expect(write.mock.calls.map((c) => String(c[0]))).toEqual(["entra: heard\n"]);
    } finally {
        write.mockRestore();
    }
});
