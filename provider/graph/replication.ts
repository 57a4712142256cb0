// Graph is served by replicas: an object made a moment ago (a managed identity's service principal) may not be
// readable, or nameable by another object, on every one of them yet.

/**
 * How long to wait between tries for a just-made object (a 404 right after its create is not proof that it is gone),
 * in milliseconds: about 30 s in all.
 */
export const APPEARANCE_WAITS_MS = [1000, 2000, 4000, 8000, 15000];
