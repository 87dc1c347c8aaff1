/*
 * fuzz_agentbar.c — libFuzzer target: what a hostile or broken CTI server
 * can send libagentbar (lib/agentbar/io.c, events.c, requests.c,
 * heartbeat.c, failover.c): lines that should be events, answers to its
 * requests, and anything else, down to the application's callbacks.
 *
 * The input is the byte stream from the server, handed to abi_io_feed()
 * as the I/O thread hands over what it reads, on a bar that is signed in
 * (a failover would sign it back in) and waits for the answer to a
 * Heartbeat (id 1). The bar's DispatchMode is "manual": its events are
 * delivered here, after the input, to callbacks that read every string
 * they are given. The I/O thread is not started; the link is one end of
 * a socketpair the bar writes its requests to.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include "conn.h"
#include "linebuf.h"

static size_t seen;   /* keeps the reads of the strings below */

static void state_ev(void *ctx, int eventID, const char *callID,
		     long long contactID, long long partyNum,
		     const char *otherParty, int otherPartyAttribute,
		     const char *originatingParty, const char *originalANI,
		     const char *originalDNIS, int reason, long long timestamp)
{
	AgentBar *bar = ctx;
	char id[64];

	(void)eventID, (void)contactID, (void)partyNum;
	(void)otherPartyAttribute, (void)reason, (void)timestamp;
	seen += strlen(callID) + strlen(otherParty) +
		strlen(originatingParty) + strlen(originalANI) +
		strlen(originalDNIS);
	/* a callback may read the bar's properties */
	if (!ab_GetProperty(bar, "AgentID", id, sizeof(id)))
		seen += strlen(id);
}

static void record_ev(void *ctx, const char *callID, long long contactID,
		      const char *filename, int reason, long long timestamp)
{
	(void)ctx, (void)contactID, (void)reason, (void)timestamp;
	seen += strlen(callID) + strlen(filename);
}

static void queue_ev(void *ctx, const char *callID, long long contactID,
		     const char *originalANI, const char *originalDNIS,
		     int reason, long long timestamp)
{
	(void)ctx, (void)contactID, (void)reason, (void)timestamp;
	seen += strlen(callID) + strlen(originalANI) + strlen(originalDNIS);
}

static void set_events(AgentBar *bar)
{
	AgentBarEvents ev = {
		.OnBeginRecord = record_ev, .OnEndRecord = record_ev,
		.OnInprivatequeue = queue_ev, .OnOutprivatequeue = queue_ev,
		.OnCTIDisconnect = queue_ev, .OnMasterChanged = queue_ev,
		.OnOperationFailed = queue_ev,
	};
	AgentBarStateEvent **state = &ev.OnUnLogin;

	/* the 19 state handlers are the struct's first members */
	for (int i = 0; i <= &ev.OnInserted - &ev.OnUnLogin; i++)
		state[i] = state_ev;
	ab_SetEvents(bar, &ev, bar);
}

/* The link as abi_conn_open() leaves it, with a Heartbeat waiting. */
static int attach(AgentBar *bar)
{
	struct abi_conn *c = &bar->conn;
	int sv[2];

	if (ab_SetProperty(bar, "MainCTIIP", "127.0.0.1") ||
	    ab_SetProperty(bar, "DispatchMode", "manual") ||
	    abi_addr_load(bar) != 1 ||
	    linebuf_alloc(&c->in, ABI_MAX_LINE - 1) ||
	    pipe2(c->wake, O_NONBLOCK | O_CLOEXEC) ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
		       sv))
		abort();
	abi_conn_attach(bar, sv[0], NULL, 0);
	abi_conn_set_ready(bar, true);
	bar->signed_in = true;
	bar->signin_params = json_pack("{s:s, s:s, s:s}", "AgentID", "2002",
				       "PassWord", "2002123", "DN", "1889");
	c->next_heartbeat = 0;
	abi_heartbeat_tick(bar);
	return sv[1];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	AgentBar *bar = ab_Create();
	int server;

	if (!bar)
		abort();
	set_events(bar);
	server = attach(bar);
	(void)abi_io_feed(bar, (const char *)data, size);
	(void)ab_Dispatch(bar, 0);
	abi_conn_close(bar);
	(void)ab_Dispatch(bar, 0);
	close(server);
	ab_Destroy(bar);
	return 0;
}
