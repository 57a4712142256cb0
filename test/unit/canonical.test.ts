// The one canonical form per family, without HTTP: input in, Graph JSON out, Graph JSON back in.
import { fromGraph, fromInputs, toGraph } from "../../provider/families/canonical";
import { family } from "../../provider/families";
import { fixtures } from "../support/fixtures";

test.each(fixtures.map((fx) => [fx.family, fx] as const))("%s: what is sent reads back as the same canonical form", (_name, fx) => {
    const f = family(fx.family);
    const { canonical, failures } = fromInputs(f, fx.inputs);
    expect(failures).toEqual([]);
    const body = toGraph(f, canonical, { withType: true });
    expect(body.value).toBeUndefined(); // never wrapped in `value`
    expect(body["@odata.type"]).toMatch(/^#microsoft\.graph\./);
    // Graph echoes with `#` types, null for unset values, and no catalogId (it is in the URL).
    const echoed = JSON.parse(
        JSON.stringify({ ...body, id: "x", description: body.description ?? null, clientConfiguration: body.clientConfiguration ?? null }),
    );
    expect(fromGraph(f, echoed, canonical)).toEqual(canonical);
});

test("friendly and Graph-shaped inputs canonicalize alike", () => {
    const f = family("customAuthenticationExtension");
    const friendly = fromInputs(f, { ...fixtures[2].inputs, claimsForTokenConfiguration: ["employeeId"] }).canonical;
    const graphShaped = fromInputs(f, {
        ...fixtures[2].inputs,
        claimsForTokenConfiguration: [{ claimIdInApiResponse: "employeeId" }],
    }).canonical;
    expect(friendly).toEqual(graphShaped);
});

test("a field held before and absent now is sent as null on update, so Graph clears it", () => {
    const f = family("customTaskExtension");
    const { canonical } = fromInputs(f, { ...fixtures[0].inputs, description: undefined });
    expect(toGraph(f, canonical, { withType: false, clear: ["description"] }).description).toBeNull();
});
