// Every Graph failure reaches the user as: what was being done, Graph's code and message, and the request-id.

import { cutShort } from "../text";

/** Characters of Graph's message a failure carries: its longest explanations fit; a value of any length it echoes back does not. */
const MESSAGE_SHOWN = 1500;

export class GraphRequestError extends Error {
    constructor(
        readonly operation: string,
        readonly status: number | undefined,
        readonly code: string | undefined,
        readonly graphMessage: string,
        readonly requestId: string | undefined,
        hint?: string,
    ) {
        super(
            `${operation} failed: ` +
                (status === undefined
                    ? graphMessage
                    : `Graph answered ${status} ${code ?? ""}: ${cutShort(graphMessage, MESSAGE_SHOWN)}`.replace("  ", " ")) +
                (requestId ? ` (request-id: ${requestId})` : "") +
                (hint ? `. ${hint}` : ""),
        );
        this.name = "GraphRequestError";
    }

    /** No answer came (connection dropped, timed out): the request may or may not have been carried out. */
    get outcomeUnknown(): boolean {
        return this.status === undefined || this.status === 500 || this.status === 502 || this.status === 504;
    }
}

/** No token could be had: nothing was sent to Graph, and trying again will not help. */
export class SignInError extends GraphRequestError {
    constructor(operation: string, message: string) {
        super(operation, undefined, undefined, message, undefined);
        this.name = "SignInError";
    }
    override get outcomeUnknown(): boolean {
        return false;
    }
}
