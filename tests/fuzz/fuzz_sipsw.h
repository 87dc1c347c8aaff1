/*
 * fuzz_sipsw.h — the SIP switch as the daemon runs it, for the targets
 * that talk SIP to it (fuzz_sip.c over UDP, fuzz_sipws.c over WebSocket):
 * on 127.0.0.1 (any free ports), with 127.0.0.1 as its trunk, every
 * phone's password "1234", a WebRTC certificate, and in place of the core
 * a handler that answers every call offered and puts it on a bridge, so
 * its dialog and media exist. A fresh one per input.
 */
#ifndef FUZZ_SIPSW_H
#define FUZZ_SIPSW_H

#include <re.h>

struct fuzz_sipsw {
	struct sw *sw;
	struct sa sip;      /* its SIP address (UDP and TCP) */
	struct sa ws;       /* its SIP-over-WebSocket address */
};

/* Aborts on failure (the target cannot run without it). */
void fuzz_sipsw_start(struct fuzz_sipsw *s);
/* Frees it; what it sends as it goes (BYEs) is left to the loop. */
void fuzz_sipsw_stop(struct fuzz_sipsw *s);

#endif
