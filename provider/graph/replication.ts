// Graph is served by replicas: an object made a moment ago (a managed identity's service principal) may not be
// readable, or nameable by another object, on every one of them yet.

/**
 * How long to wait between tries for a just-made object (a 404 right after its create is not proof that it is gone),
 * in milliseconds: about 30 s in all.
 */
export const APPEARANCE_WAITS_MS = [1000, 2000, 4000, 8000, 15000];

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reads, and reads again after each of `waitsMs` while `found` says the answer is not there yet (a replica behind):
 * the last answer. `read` is told which try it is (0 first).
 */
export async function readUntil<T>(
    read: (attempt: number) => Promise<T>,
    found: (answer: T) => boolean,
    waitsMs: readonly number[],
): Promise<T> {
    let answer = await read(0);
    for (let i = 0; i < waitsMs.length && !found(answer); i++) {
        await sleep(waitsMs[i]);
        answer = await read(i + 1);
    }
    return answer;
}
