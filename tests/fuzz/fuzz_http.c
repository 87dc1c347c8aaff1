/*
 * fuzz_http.c — libFuzzer target: bytes a browser or a scraper could send
 * to the HTTP port of a real daemon (fuzz_daemon.h): requests for /health,
 * /sysinfo, /metrics and the toolbar's static files (src/api/http.c,
 * files.c, metrics.c), and the upgrade to /ws followed by WebSocket frames
 * carrying JSON-RPC (ws.c, then the sessions and methods of fuzz_rpc.c).
 *
 * The input goes over one TCP connection, whose sending side is then
 * shut; the loop turns until the server closed it or a bound is reached.
 * libre parses HTTP; the WebSocket frames are ours (src/websocket/, as
 * /sip's).
 */
#include <stdlib.h>
#include "api/api.h"
#include "fuzz_daemon.h"
#include "fuzz_loop.h"

enum { TURNS = 200 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_daemon d;
	int fd;

	fuzz_daemon_start(&d);
	fd = fuzz_connect(api_http_port(d.api));
	if (fd < 0)
		abort();
	fuzz_stream(fd, data, size, TURNS);
	fuzz_daemon_stop(&d);
	return 0;
}
