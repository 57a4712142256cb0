#!/usr/bin/env node
// pulumi-resource-entra: the engine starts it with its own address as the last argument (after flags
// such as --logtostderr and -v=N) and reads the port the provider listens on from the first line of stdout.
import { serve } from "./server";

const engineAddress = process.argv
    .slice(2)
    .filter((a) => !a.startsWith("-"))
    .pop();
serve({ engineAddress }).then(
    ({ port }) => process.stdout.write(`${port}\n`),
    (e) => {
        process.stderr.write(`pulumi-resource-entra: ${(e as Error).message}\n`);
        process.exit(1);
    },
);
