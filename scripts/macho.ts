// What can be checked of a macOS executable on a machine that cannot run one: its Mach-O header (format,
// architecture, kind) and its code signature, whose CodeDirectory must hash every page of the file up to the
// signature and every blob it names (requirements, entitlements). Apple silicon refuses to run an arm64
// executable without a valid signature, ad hoc at least; a page changed after signing (a blob injected into a
// signed executable) makes it invalid. adHocSign() writes such a signature, as `codesign --sign -` does (one SHA-256
// CodeDirectory over 4 KiB pages, an empty requirement set, an empty CMS wrapper), so that no macOS machine and no
// signing tool is needed to build. Apple's layout: xnu's osfmk/kern/cs_blobs.h and EXTERNAL_HEADERS/mach-o.
//
//   node dist/scripts/macho.js <executable>...     prints what it found; exits 1 on a missing or invalid signature
import crypto from "node:crypto";
import fs from "node:fs";

const MH_MAGIC_64 = 0xfeedfacf;
const CPU: Record<number, string> = { 0x01000007: "x86_64", 0x0100000c: "arm64" };
const FILE_TYPE: Record<number, string> = { 2: "execute", 6: "dylib", 8: "bundle" };
const LC_SEGMENT_64 = 0x19;
const LC_CODE_SIGNATURE = 0x1d;
const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
const CSSLOT_CODEDIRECTORY = 0;
const CSSLOT_ALTERNATE_CODEDIRECTORIES = 0x1000;
const CSSLOT_SIGNATURESLOT = 0x10000;
const CSMAGIC_REQUIREMENTS = 0xfade0c01;
const CSMAGIC_BLOBWRAPPER = 0xfade0b01;
const CSSLOT_REQUIREMENTS = 2;
const CS_ADHOC = 0x2;
const CS_EXECSEG_MAIN_BINARY = 0x1;
const HASH: Record<number, { algorithm: string; size: number }> = {
    1: { algorithm: "sha1", size: 20 },
    2: { algorithm: "sha256", size: 32 },
    3: { algorithm: "sha256", size: 20 },
    4: { algorithm: "sha384", size: 48 },
};

export interface CodeDirectory {
    identifier: string;
    hash: string;
    pageSize: number;
    pages: number;
    codeLimit: number;
    adhoc: boolean;
}

export interface MachOReport {
    cpu: string;
    fileType: string;
    /** Absent when the file has no LC_CODE_SIGNATURE. */
    signature?: { codeDirectories: CodeDirectory[]; cms: boolean };
    /** What makes the signature invalid; empty when it is valid. */
    problems: string[];
}

/** Reads a thin 64-bit Mach-O file and checks its code signature. */
export function inspectMachO(file: string): MachOReport {
    const buf = fs.readFileSync(file);
    if (buf.length < 32 || buf.readUInt32LE(0) !== MH_MAGIC_64) throw new Error(`${file}: not a thin 64-bit Mach-O file`);
    const cputype = buf.readUInt32LE(4);
    const report: MachOReport = {
        cpu: CPU[cputype] ?? `cputype 0x${cputype.toString(16)}`,
        fileType: FILE_TYPE[buf.readUInt32LE(12)] ?? `filetype ${buf.readUInt32LE(12)}`,
        problems: [],
    };
    const { signatureCommand } = loadCommands(buf);
    const sig =
        signatureCommand === undefined
            ? undefined
            : { offset: buf.readUInt32LE(signatureCommand + 8), size: buf.readUInt32LE(signatureCommand + 12) };
    if (!sig) return report;
    const problems = report.problems;
    if (sig.offset + sig.size > buf.length) {
        problems.push(`the signature (${sig.offset}+${sig.size}) lies past the end of the file (${buf.length})`);
        report.signature = { codeDirectories: [], cms: false };
        return report;
    }
    const blob = buf.subarray(sig.offset, sig.offset + sig.size);
    if (blob.readUInt32BE(0) !== CSMAGIC_EMBEDDED_SIGNATURE) {
        problems.push(`the signature's magic is 0x${blob.readUInt32BE(0).toString(16)}, not an embedded signature`);
        report.signature = { codeDirectories: [], cms: false };
        return report;
    }
    const index = new Map<number, Buffer>();
    const count = blob.readUInt32BE(8);
    for (let i = 0; i < count; i++) {
        const type = blob.readUInt32BE(12 + i * 8);
        const offset = blob.readUInt32BE(16 + i * 8);
        index.set(type, blob.subarray(offset, offset + blob.readUInt32BE(offset + 4)));
    }
    const directories = [...index.entries()].filter(
        ([type]) =>
            type === CSSLOT_CODEDIRECTORY || (type >= CSSLOT_ALTERNATE_CODEDIRECTORIES && type < CSSLOT_ALTERNATE_CODEDIRECTORIES + 5),
    );
    if (!directories.length) problems.push("the signature has no CodeDirectory");
    const codeDirectories = directories.map(([, cd]) => checkCodeDirectory(buf, cd, sig!.offset, index, problems));
    const cms = (index.get(CSSLOT_SIGNATURESLOT)?.length ?? 0) > 8;
    if (!cms && codeDirectories.some((cd) => !cd.adhoc)) problems.push("a CodeDirectory is not ad hoc, and there is no CMS signature");
    report.signature = { codeDirectories, cms };
    return report;
}

function checkCodeDirectory(
    file: Buffer,
    cd: Buffer,
    signatureOffset: number,
    index: Map<number, Buffer>,
    problems: string[],
): CodeDirectory {
    if (cd.readUInt32BE(0) !== CSMAGIC_CODEDIRECTORY) problems.push("a CodeDirectory slot holds no CodeDirectory");
    const flags = cd.readUInt32BE(12);
    const hashOffset = cd.readUInt32BE(16);
    const identOffset = cd.readUInt32BE(20);
    const nSpecialSlots = cd.readUInt32BE(24);
    const nCodeSlots = cd.readUInt32BE(28);
    const codeLimit = cd.readUInt32BE(32);
    const hashSize = cd.readUInt8(36);
    const hash = HASH[cd.readUInt8(37)];
    const pageSize = 2 ** cd.readUInt8(39);
    const identifier = cd.toString("utf8", identOffset, cd.indexOf(0, identOffset));
    const result = {
        identifier,
        hash: hash?.algorithm ?? "unknown",
        pageSize,
        pages: nCodeSlots,
        codeLimit,
        adhoc: (flags & CS_ADHOC) !== 0,
    };
    if (!hash || hash.size !== hashSize) {
        problems.push(`CodeDirectory ${identifier}: unknown hash type ${cd.readUInt8(37)} (size ${hashSize})`);
        return result;
    }
    const digest = (data: Buffer) => crypto.createHash(hash.algorithm).update(data).digest().subarray(0, hashSize);
    // The signature covers the file up to itself: a byte appended or changed before it is a mismatch.
    if (codeLimit !== signatureOffset)
        problems.push(`CodeDirectory ${identifier}: covers ${codeLimit} bytes, the signature starts at ${signatureOffset}`);
    if (nCodeSlots !== Math.ceil(codeLimit / pageSize))
        problems.push(`CodeDirectory ${identifier}: ${nCodeSlots} page hashes for ${codeLimit} bytes`);
    let bad = 0;
    for (let i = 0; i < nCodeSlots; i++) {
        const page = file.subarray(i * pageSize, Math.min((i + 1) * pageSize, codeLimit));
        const slot = cd.subarray(hashOffset + i * hashSize, hashOffset + (i + 1) * hashSize);
        if (!digest(page).equals(slot) && bad++ < 3)
            problems.push(`CodeDirectory ${identifier}: page ${i} (offset ${i * pageSize}) does not match its hash`);
    }
    if (bad > 3) problems.push(`CodeDirectory ${identifier}: ${bad} pages in all do not match their hashes`);
    // Special slot -n hashes the blob of type n (2 requirements, 5 entitlements, 7 DER entitlements).
    for (const [type, data] of index) {
        if (type < 1 || type > 7 || type > nSpecialSlots) continue;
        const slot = cd.subarray(hashOffset - type * hashSize, hashOffset - (type - 1) * hashSize);
        if (!digest(data).equals(slot)) problems.push(`CodeDirectory ${identifier}: the hash of blob ${type} does not match`);
    }
    return result;
}

interface Segment {
    name: string;
    /** Offset of the segment_command_64 in the file. */
    at: number;
    fileoff: number;
    filesize: number;
}

function loadCommands(buf: Buffer): { segments: Segment[]; signatureCommand?: number } {
    const segments: Segment[] = [];
    let signatureCommand: number | undefined;
    let at = 32;
    for (let i = 0; i < buf.readUInt32LE(16); i++) {
        const cmd = buf.readUInt32LE(at);
        if (cmd === LC_SEGMENT_64)
            segments.push({
                name: buf.toString("latin1", at + 8, at + 24).replace(/\0.*$/, ""),
                at,
                fileoff: Number(buf.readBigUInt64LE(at + 40)),
                filesize: Number(buf.readBigUInt64LE(at + 48)),
            });
        if (cmd === LC_CODE_SIGNATURE) signatureCommand = at;
        at += buf.readUInt32LE(at + 4);
    }
    return { segments, signatureCommand };
}

const blobHeader = (magic: number, length: number) => {
    const b = Buffer.alloc(8);
    b.writeUInt32BE(magic, 0);
    b.writeUInt32BE(length, 4);
    return b;
};

/**
 * Signs a thin 64-bit Mach-O executable ad hoc, in place, replacing the signature it has (a runtime's own, which
 * the executable's changes have broken). The signature stays where LC_CODE_SIGNATURE puts it, the last thing in
 * __LINKEDIT; the file, __LINKEDIT and the command are sized to the new one.
 */
export function adHocSign(file: string, identifier: string): void {
    let buf = fs.readFileSync(file);
    if (buf.readUInt32LE(0) !== MH_MAGIC_64) throw new Error(`${file}: not a thin 64-bit Mach-O file`);
    const { segments, signatureCommand } = loadCommands(buf);
    const linkedit = segments.find((s) => s.name === "__LINKEDIT");
    const text = segments.find((s) => s.name === "__TEXT");
    if (signatureCommand === undefined || !linkedit || !text)
        throw new Error(`${file}: no LC_CODE_SIGNATURE, __LINKEDIT or __TEXT to sign into`);
    const dataoff = buf.readUInt32LE(signatureCommand + 8);
    if (dataoff < linkedit.fileoff || dataoff > linkedit.fileoff + linkedit.filesize)
        throw new Error(`${file}: the signature is not in __LINKEDIT`);

    const pageSize = 4096;
    const hashSize = 32;
    const nCodeSlots = Math.ceil(dataoff / pageSize);
    const nSpecialSlots = CSSLOT_REQUIREMENTS;
    const ident = Buffer.from(`${identifier}\0`, "utf8");
    const identOffset = 88; // the CodeDirectory of version 0x20400 ends its fixed part here
    const hashOffset = identOffset + ident.length + nSpecialSlots * hashSize;
    const cdLength = hashOffset + nCodeSlots * hashSize;
    const requirements = Buffer.concat([blobHeader(CSMAGIC_REQUIREMENTS, 12), Buffer.alloc(4)]); // count 0
    const cms = blobHeader(CSMAGIC_BLOBWRAPPER, 8); // empty: ad hoc
    const indexLength = 12 + 3 * 8;
    const superLength = indexLength + cdLength + requirements.length + cms.length;
    const datasize = Math.ceil(superLength / 16) * 16;

    // Size everything to the new signature first: the load commands are in page 0, which the signature hashes.
    const end = dataoff + datasize;
    const sized = Buffer.alloc(end);
    buf.copy(sized, 0, 0, Math.min(buf.length, dataoff));
    buf = sized;
    buf.writeUInt32LE(datasize, signatureCommand + 12);
    const linkeditSize = end - linkedit.fileoff;
    buf.writeBigUInt64LE(BigInt(linkeditSize), linkedit.at + 48); // filesize
    buf.writeBigUInt64LE(BigInt(Math.ceil(linkeditSize / 0x4000) * 0x4000), linkedit.at + 32); // vmsize, in 16 KiB pages

    const cd = Buffer.alloc(cdLength);
    cd.writeUInt32BE(CSMAGIC_CODEDIRECTORY, 0);
    cd.writeUInt32BE(cdLength, 4);
    cd.writeUInt32BE(0x20400, 8); // version: with the executable segment fields
    cd.writeUInt32BE(CS_ADHOC, 12);
    cd.writeUInt32BE(hashOffset, 16);
    cd.writeUInt32BE(identOffset, 20);
    cd.writeUInt32BE(nSpecialSlots, 24);
    cd.writeUInt32BE(nCodeSlots, 28);
    cd.writeUInt32BE(dataoff, 32); // codeLimit: everything before the signature
    cd.writeUInt8(hashSize, 36);
    cd.writeUInt8(2, 37); // SHA-256
    cd.writeUInt8(0, 38); // platform
    cd.writeUInt8(Math.log2(pageSize), 39);
    // spare2, scatterOffset, teamOffset, spare3, codeLimit64: zero
    cd.writeBigUInt64BE(BigInt(text.fileoff), 64); // execSegBase
    cd.writeBigUInt64BE(BigInt(text.filesize), 72); // execSegLimit
    cd.writeBigUInt64BE(BigInt(CS_EXECSEG_MAIN_BINARY), 80); // execSegFlags
    ident.copy(cd, identOffset);
    const sha256 = (data: Buffer) => crypto.createHash("sha256").update(data).digest();
    sha256(requirements).copy(cd, hashOffset - CSSLOT_REQUIREMENTS * hashSize);
    for (let i = 0; i < nCodeSlots; i++)
        sha256(buf.subarray(i * pageSize, Math.min((i + 1) * pageSize, dataoff))).copy(cd, hashOffset + i * hashSize);

    const index = Buffer.alloc(indexLength);
    index.writeUInt32BE(CSMAGIC_EMBEDDED_SIGNATURE, 0);
    index.writeUInt32BE(superLength, 4);
    index.writeUInt32BE(3, 8);
    const blobs: [number, Buffer][] = [
        [CSSLOT_CODEDIRECTORY, cd],
        [CSSLOT_REQUIREMENTS, requirements],
        [CSSLOT_SIGNATURESLOT, cms],
    ];
    let offset = indexLength;
    blobs.forEach(([type, blob], i) => {
        index.writeUInt32BE(type, 12 + i * 8);
        index.writeUInt32BE(offset, 16 + i * 8);
        offset += blob.length;
    });
    Buffer.concat([index, ...blobs.map(([, b]) => b)]).copy(buf, dataoff);
    fs.writeFileSync(file, buf);
}

if (require.main === module) {
    let failed = false;
    for (const file of process.argv.slice(2)) {
        const r = inspectMachO(file);
        const sig = r.signature
            ? r.signature.codeDirectories
                  .map(
                      (cd) =>
                          `${cd.adhoc ? "ad hoc" : "signed"} ${cd.identifier}, ${cd.pages} ${cd.hash} page hashes of ${cd.pageSize} bytes`,
                  )
                  .join("; ") + (r.signature.cms ? " + CMS" : "")
            : "no code signature";
        process.stdout.write(`${file}: Mach-O ${r.cpu} ${r.fileType}, ${sig}: ${r.problems.length ? r.problems.join("; ") : "valid"}\n`);
        failed ||= !r.signature || r.problems.length > 0;
    }
    process.exit(failed ? 1 : 0);
}
