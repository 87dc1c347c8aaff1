/*
 * sipreg_harness.h — a test phone of libre's own SIP stack registering
 * DN 1890 of the demo directory (password 1234) with the SIP switch under
 * test, as the switch's unit tests do over UDP, WebSocket and TLS.
 */
#ifndef SIPREG_HARNESS_H
#define SIPREG_HARNESS_H

#include <re.h>

/* To srv (request-URI sip:srv, then params, e.g. ";transport=tls"; NULL:
 * none), through route (NULL: straight); *scode gets the final status,
 * or -errno when none came. */
int srh_register_1890(struct sipreg **regp, struct sip *sip,
		      const struct sa *srv, const char *params,
		      const char *route, int *scode);

#endif
