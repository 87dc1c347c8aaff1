/*
 * fuzz_sipws.c — libFuzzer target: SIP over WebSocket (RFC 7118), as a
 * browser phone speaks it to the SIP switch (src/switch/sip/sip_ws.c,
 * sip_flow.c, src/websocket/): the upgrade request, then client
 * frames (masked, fragmented, control frames) carrying SIP messages,
 * which go on to the switch's registrar and sessions (fuzz_sipsw.h).
 *
 * The input is the byte stream of one TCP connection to the switch's
 * WebSocket port, whose sending side is then shut; the loop turns until
 * the switch closed it or a bound is reached. libre parses the upgrade;
 * the frames are ours.
 */
#include <stdlib.h>
#include "fuzz_loop.h"
#include "fuzz_sipsw.h"

enum { TURNS = 200 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_sipsw s;
	int fd;

	fuzz_sipsw_start(&s);
	fd = fuzz_connect(sa_port(&s.ws));
	if (fd < 0)
		abort();
	fuzz_stream(fd, data, size, TURNS);
	fuzz_sipsw_stop(&s);
	return 0;
}
