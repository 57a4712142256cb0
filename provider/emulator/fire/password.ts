// onPasswordSubmit's `encryptedPasswordContext`: a compact JWE, encrypted to the public key the API's app
// registration publishes for encryption, holding an unsigned JWT with `user-password`, `username` and
// `nonce`. Microsoft does not name the algorithms; the emulator uses RSA-OAEP and A128CBC-HS256, what a
// captured call showed, without its DEFLATE (docs/firing.md, "Choices").

import { KeyObject, createCipheriv, createHmac, publicEncrypt, randomBytes, randomUUID, constants } from "node:crypto";

const b64 = (v: Buffer | string) => Buffer.from(v).toString("base64url");

export interface PasswordContext {
    jwe: string;
    nonce: string;
}

export function encryptPasswordContext(key: KeyObject, claims: { username: string; password: string; audience: string }): PasswordContext {
    const nonce = randomUUID();
    const now = Math.floor(Date.now() / 1000);
    const inner =
        `${b64(JSON.stringify({ alg: "none", typ: "JWT" }))}.` +
        `${b64(
            JSON.stringify({
                aud: claims.audience,
                iss: claims.audience,
                iat: now,
                nbf: now,
                exp: now + 300,
                "user-password": claims.password,
                username: claims.username,
                nonce,
            }),
        )}.`;
    const header = b64(JSON.stringify({ alg: "RSA-OAEP", enc: "A128CBC-HS256", typ: "JWT" }));
    // RFC 7518 5.2: a 32-byte key, the first half for the MAC, the second for AES-128-CBC.
    const cek = randomBytes(32);
    const iv = randomBytes(16);
    const encryptedKey = publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" }, cek);
    const cipher = createCipheriv("aes-128-cbc", cek.subarray(16), iv);
    const ciphertext = Buffer.concat([cipher.update(inner, "utf8"), cipher.final()]);
    const aad = Buffer.from(header, "ascii");
    const al = Buffer.alloc(8);
    al.writeBigUInt64BE(BigInt(aad.length * 8));
    const tag = createHmac("sha256", cek.subarray(0, 16))
        .update(Buffer.concat([aad, iv, ciphertext, al]))
        .digest()
        .subarray(0, 16);
    return { jwe: [header, b64(encryptedKey), b64(iv), b64(ciphertext), b64(tag)].join("."), nonce };
}
