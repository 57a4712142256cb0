// Bringing objects made in the admin center under management, through the real CLI: `{ import: id }`
// and `importByDisplayName` adopt at preview and `up` writes nothing; adoption that cannot be done is
// refused at preview with the reason; a differing object is refused unless updateOnImport; destroy
// deletes adopted objects unless retainOnDelete.
import { DEFAULT_CATALOG_ID, GraphEmulator } from "../../provider/emulator";
import { family } from "../../provider/families";
import { seedObject } from "../../scripts/tenantSeed";
import { FamilyFixture, fixtures } from "../support/fixtures";
import { DeclaredResource, Stack, describeEngine, stackOnEmulator, succeeded, writesSince } from "./harness";
import { joined } from "../support/regex";

const OTHER_CATALOG = "0c0c0c0c-0000-4000-8000-00000000ca7b";
const [task, ap, auth] = fixtures;

/** An object made outside Pulumi (the admin center), as Graph stores it. */
function seed(emu: GraphEmulator, fx: FamilyFixture, change: Record<string, unknown> = {}): string {
    return seedObject(emu, fx.family, { ...fx.inputs, ...change });
}

const resource = (
    fx: FamilyFixture,
    name: string,
    options: Record<string, unknown>,
    change: Record<string, unknown> = {},
): DeclaredResource => ({
    type: family(fx.family).resourceType as DeclaredResource["type"],
    name,
    args: { ...fx.inputs, ...change },
    options,
});

describeEngine("adopting existing extensions through the Pulumi CLI", (engine) => {
    let emu: GraphEmulator;
    let stack: Stack;
    const ids: Record<string, string> = {};
    let adopted: DeclaredResource[];

    stackOnEmulator(engine, "adoption", { emulator: { catalogs: [OTHER_CATALOG] } }, (e, s) => {
        [emu, stack] = [e, s];
        ids.task = seed(emu, task);
        ids.ap = seed(emu, ap);
        ids.auth = seed(emu, auth);
        ids.otherTask = seed(emu, task, { displayName: "Made by hand" });
        ids.otherAuth = seed(emu, auth, { displayName: "Claims by hand" });
        adopted = [
            resource(task, "task", { import: ids.task }),
            resource(ap, "ap", { import: ids.ap }),
            resource(auth, "auth", { importByDisplayName: auth.inputs.displayName }),
        ];
    });

    test("the preview says each object is adopted, not created; up writes nothing; the next preview is empty", async () => {
        await stack.declare(adopted);
        const p = succeeded(await stack.preview());
        const adoptedIds = [ids.task, ids.ap, ids.auth];
        for (const id of adoptedIds) expect(p.out).toContain(`adopting ${id} instead of creating one`);
        const from = emu.log.length;
        succeeded(await stack.up());
        expect(writesSince(emu, from)).toEqual([]);
        expect(emu.objects()).toHaveLength(5);
        const state = await stack.resources();
        for (const id of adoptedIds) expect(state.some((r) => r.id === id)).toBe(true);
        succeeded(await stack.preview("--refresh", "--expect-no-changes"));
    }, 180_000);

    const refusals: [string, () => DeclaredResource, () => RegExp][] = [
        [
            "an id that does not exist",
            () => resource(task, "missing", { import: "00000000-0000-4000-8000-000000000000" }, { displayName: "x" }),
            () => /cannot adopt: there is no custom task extension with id 00000000-0000-4000-8000-000000000000 in this tenant/,
        ],
        [
            "an id of another family",
            () => resource(task, "wrong-family", { import: ids.auth }, { displayName: "y" }),
            () => new RegExp(`cannot adopt: ${ids.auth} is a custom authentication extension, not a custom task extension`),
        ],
        [
            "an id in another catalog",
            () => resource(ap, "wrong-catalog", { import: ids.ap }, { catalogId: OTHER_CATALOG }),
            () =>
                new RegExp(
                    `cannot adopt: (${ids.ap} lives in catalog ${DEFAULT_CATALOG_ID}, not in catalogId ${OTHER_CATALOG}` +
                        `|there is no access package workflow extension ${ids.ap} in catalog)`,
                ),
        ],
        [
            "an object of another type",
            () =>
                resource(
                    auth,
                    "wrong-type",
                    { import: ids.otherAuth },
                    { displayName: "Claims by hand", extensionType: "onOtpSend", claimsForTokenConfiguration: undefined },
                ),
            () => new RegExp(`cannot adopt: ${ids.otherAuth} is of extensionType onTokenIssuanceStart, the program says onOtpSend`),
        ],
        [
            "the object another resource of the stack stands for",
            () => resource(task, "second", { import: ids.task }, { displayName: "second" }),
            () => new RegExp(`cannot adopt: ${ids.task} is what another resource of this stack stands for`),
        ],
        [
            "an object that differs from the program",
            () => resource(task, "differs", { import: ids.otherTask }, { displayName: "Made by hand", description: "the program's words" }),
            () =>
                joined(
                    /cannot adopt \S+ as it is: it differs from the program; /,
                    /differences: description: tenant "Calls the badge system", program "the program's words"\. .*updateOnImport: true/,
                ),
        ],
    ];
    test.each(refusals)(
        "%s is refused at preview, naming why, and nothing is written",
        async (_name, declared, reason) => {
            const from = emu.log.length;
            await stack.declare([...adopted, declared()]);
            // --refresh: the provider then knows every object the stack's resources stand for before it checks
            // new ones (the engine may check resources concurrently).
            const r = await stack.preview("--refresh");
            await stack.declare(adopted);
            expect(r.code).not.toBe(0);
            expect(r.out).toMatch(reason());
            expect(writesSince(emu, from)).toEqual([]);
        },
        120_000,
    );

    test("updateOnImport brings a differing object to the program's state with one update", async () => {
        const id = seed(emu, task, { displayName: "Offboarding", description: "made by hand" });
        adopted.push(
            resource(task, "offboarding", { import: id, updateOnImport: true }, { displayName: "Offboarding", description: "managed now" }),
        );
        await stack.declare(adopted);
        const p = succeeded(await stack.preview());
        expect(p.out).toMatch(
            new RegExp(
                `adopting ${id} instead of creating one, then updating it; ` +
                    'differences: description: tenant "made by hand", program "managed now"',
            ),
        );
        const from = emu.log.length;
        succeeded(await stack.up());
        expect(writesSince(emu, from)).toEqual(["PATCH 204"]);
        expect(emu.objects().find((o) => o.id === id)?.body.description).toBe("managed now");
        succeeded(await stack.preview("--refresh", "--expect-no-changes"));
    }, 180_000);

    test("with its import option left in the program, an adopted extension is replaced like any other", async () => {
        const replacedType = { extensionType: "onAttributeCollectionSubmit", claimsForTokenConfiguration: undefined };
        adopted[2] = { ...adopted[2], args: { ...adopted[2].args, ...replacedType } };
        await stack.declare(adopted);
        const r = succeeded(await stack.up());
        expect(r.out).toMatch(/replaced/);
        expect(emu.objects().some((o) => o.id === ids.auth)).toBe(false);
        expect(emu.objects().filter((o) => o.body.displayName === auth.inputs.displayName)).toHaveLength(1);
        succeeded(await stack.preview("--refresh", "--expect-no-changes"));
    }, 180_000);

    test("destroy deletes what was adopted, except a resource with retainOnDelete", async () => {
        adopted[0] = { ...adopted[0], options: { ...adopted[0].options, retainOnDelete: true } };
        await stack.declare(adopted);
        succeeded(await stack.up());
        succeeded(await stack.destroy());
        expect(
            emu
                .objects()
                .map((o) => o.id)
                .sort(),
        ).toEqual([ids.task, ids.otherTask, ids.otherAuth].sort());
    }, 180_000);
});
