// Writes schema.json, the plugin's schema (provider/plugin/schema.ts): `npm run schema`.
import fs from "node:fs";
import path from "node:path";
import { buildSchema } from "../provider/plugin/schema";

export { buildSchema };

if (require.main === module) {
    const file = path.resolve(__dirname, "../../schema.json");
    fs.writeFileSync(file, JSON.stringify(buildSchema(), null, 2) + "\n");
    process.stdout.write(`wrote ${file}\n`);
}
