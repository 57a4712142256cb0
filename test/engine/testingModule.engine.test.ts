// `pulumi-entra-extensions/testing` as users get it: required from the package packed and installed into a
// program directory (the engine tests' install), not from the source jest maps it to elsewhere.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describeEngine } from "./harness";

const SCRIPT = `
const { fireEvent } = require("pulumi-entra-extensions/testing");
const otp = (text) => async () =>
    text ? new Response(text, { headers: { "Content-Type": "text/plain" } })
         : Response.json({ data: { "@odata.type": "microsoft.graph.OnOtpSendResponseData",
             actions: [{ "@odata.type": "microsoft.graph.OtpSend.continueWithDefaultBehavior" }] } });
(async () => {
    const good = await fireEvent(otp(), { event: "onOtpSend" });
    const bad = await fireEvent(otp("ok"), { event: "onOtpSend" });
    process.stdout.write(JSON.stringify({ good: good.ok, bad: bad.ok, codes: bad.violations.map((v) => v.code),
        from: require.resolve("pulumi-entra-extensions/testing") }));
})();
`;

describeEngine("the testing module from the installed package", (engine) => {
    test("fires at a handler and gives the verdict: a right answer passes, a text answer fails with 1003006", async () => {
        const { stdout } = await promisify(execFile)(process.execPath, ["-e", SCRIPT], { cwd: engine.programDir, encoding: "utf8" });
        const r = JSON.parse(stdout);
        expect(r).toMatchObject({ good: true, bad: false, codes: [1003006] });
        expect(r.from).toContain(`${engine.programDir}/node_modules/pulumi-entra-extensions/dist/provider/testing/`);
    }, 60_000);
});
