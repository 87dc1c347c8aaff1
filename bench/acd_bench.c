/*
 * acd_bench.c — end-to-end ACD throughput over the wire protocol: N agents
 * with AutoAnswer sign in, an admin connection offers C calls through the
 * sim switch (at most W waiting at once), every agent releases each call as
 * soon as it is connected. Prints calls per second and the latency from
 * Sim.InboundCall to OnConnected (median, p99), measured here.
 *
 * usage: acd_bench PORT [agents=20] [calls=5000] [window=50]
 * (bench/run.sh starts a daemon on a free port and runs this against it).
 */
#include <jansson.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "util/rpc.h"

enum { MAX_AGENTS = 20 };

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct run {
	int calls, window, offered, done;
	double *sent_at;      /* by call index, from the callID "sim-N" */
	double *lat;
	int nlat;
	struct rpc *admin;
};

static void offer(struct run *r)
{
	rpc_send(r->admin, "Sim.InboundCall", json_pack(
		"{s:s, s:s}", "ani", "13800000000", "dnis", "4000"));
	r->sent_at[r->offered++] = now_s();
}

static void on_agent_msg(struct rpc *c, json_t *m, void *arg)
{
	struct run *r = arg;
	const char *method = json_string_value(json_object_get(m, "method"));
	const char *cid;
	int idx;

	if (!method || strcmp(method, "OnConnected"))
		return;
	cid = json_string_value(json_object_get(json_object_get(m, "params"),
						"callID"));
	if (cid && sscanf(cid, "sim-%d", &idx) == 1 && idx >= 1 &&
	    idx <= r->offered)
		r->lat[r->nlat++] = now_s() - r->sent_at[idx - 1];
	rpc_send(c, "ReleaseCall", NULL);
	r->done++;
	if (r->offered < r->calls)
		offer(r);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	static struct rpc ag[MAX_AGENTS], admin;
	int port = argc > 1 ? atoi(argv[1]) : 0;
	int nag = argc > 2 ? atoi(argv[2]) : 20;
	struct run r = {.calls = argc > 3 ? atoi(argv[3]) : 5000,
			.window = argc > 4 ? atoi(argv[4]) : 50};
	struct pollfd pfd[MAX_AGENTS + 1];
	double t0, t1;
	int i;

	if (port <= 0 || nag < 1 || nag > MAX_AGENTS || r.calls < 1 ||
	    r.window < 1) {
		fprintf(stderr, "usage: acd_bench PORT [agents 1-20] [calls] "
			"[window]\n");
		return 2;
	}
	r.sent_at = calloc((size_t)r.calls, sizeof(double));
	r.lat = calloc((size_t)r.calls, sizeof(double));
	rpc_dial(&admin, port);
	r.admin = &admin;
	if (rpc_call(&admin, "Admin.Login", json_pack("{s:s, s:s}", "user",
						  "admin", "password",
						  "admin"))) {
		fprintf(stderr, "admin login failed\n");
		return 1;
	}
	rpc_signin_agents(ag, nag, port);
	t0 = now_s();
	for (i = 0; i < r.window && r.offered < r.calls; i++)
		offer(&r);
	while (r.done < r.calls) {
		for (i = 0; i < nag; i++)
			pfd[i] = (struct pollfd){.fd = ag[i].fd,
						 .events = POLLIN};
		pfd[nag] = (struct pollfd){.fd = admin.fd, .events = POLLIN};
		if (poll(pfd, (nfds_t)nag + 1, 10000) <= 0) {
			fprintf(stderr, "stalled after %d calls\n", r.done);
			return 1;
		}
		for (i = 0; i < nag; i++)
			if (pfd[i].revents)
				rpc_pump(&ag[i], on_agent_msg, &r);
		if (pfd[nag].revents)
			rpc_pump(&admin, NULL, NULL);
	}
	t1 = now_s();
	qsort(r.lat, (size_t)r.nlat, sizeof(double), cmp);
	printf("agents %d calls %d window %d\n", nag, r.calls, r.window);
	printf("throughput %.0f calls/s (%.2f s)\n", r.calls / (t1 - t0),
	       t1 - t0);
	if (r.nlat)
		printf("offer->connected latency median %.2f ms p99 %.2f ms\n",
		       r.lat[r.nlat / 2] * 1e3,
		       r.lat[(int)(r.nlat * 0.99)] * 1e3);
	free(r.sent_at);
	free(r.lat);
	return 0;
}
