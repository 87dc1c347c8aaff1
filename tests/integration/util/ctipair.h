/*
 * ctipair.h — a CTI pair for the takeover tests (issue 11): one switch
 * node (sim or SIP), a main CTI on 127.0.0.1 and a backup on 127.0.0.2,
 * both `--role cti --leader pg` on the same agent port (as the manual's
 * MainCTIIP / BackCTIIP / CTIPort imply) sharing a PostgreSQL database of
 * pg_harness; and demo agents on C SDK bars that know both addresses.
 *
 *   struct cti_pair p;                       // p.url: pg_harness_newdb
 *   cti_pair_start(&p, node_ini, true);      // main master, backup standby
 *   pair_bar_start(&bar, &p, 2002, 1880);    // signed in, OnReady seen
 *   t0 = itest_now_ms(); daemon_kill9(&p.np.cti);
 *   cti_pair_takeover(&p, t0, "tag");        // the backup leads, adopted
 *   pair_bars_back(bars, n, t0, "tag");      // every bar back talking
 *   cti_pair_stop(&p);                       // teardown, after a failure
 */
#ifndef ITEST_CTIPAIR_H
#define ITEST_CTIPAIR_H

#include <stdbool.h>
#include <stdint.h>
#include "agentbar.h"
#include "nodec.h"

enum { PAIR_TAKEOVER_MS = 10000, PAIR_RELOGIN_MS = 20000,
       PAIR_BARS_MAX = 64 };

struct cti_pair {
	struct node_pair np;      /* the node; np.cti is the main */
	struct node_pair np2;     /* a second node (cti_pair_start_two) */
	bool has_np2;
	char nodes[80];           /* the CTIs' --switch-node list */
	struct daemon backup;
	bool has_backup;
	char url[512];            /* the shared database */
	char ini[2][256];         /* the CTIs' settings, alive as they run */
};

/* The node (its settings node_ini; sip: the SIP switch), the main (master
 * with token 1), then the backup (standby); heartbeats and reconnects to
 * the node every 200 ms. p->url must be set. */
void cti_pair_start(struct cti_pair *p, const char *node_ini, bool sip);
/* The same over two sim nodes (np and np2; the CTIs drive both). */
void cti_pair_start_two(struct cti_pair *p, const char *node_ini);
/* Resumes a stopped main, stops whatever still runs and removes it all;
 * keeps p->url. */
void cti_pair_stop(struct cti_pair *p);
/* The backup becomes master (token 2) and hands the adopted calls to its
 * core, each within PAIR_TAKEOVER_MS; prints how long after t0 it led. */
void cti_pair_takeover(struct cti_pair *p, int64_t t0, const char *tag);
/* An admin connection to the CTI on ip (127.0.0.1 main, .2 backup). */
struct rc *cti_pair_admin(const struct cti_pair *p, const char *ip);

struct evrec;
struct pair_bar {
	AgentBar *bar;
	struct evrec *rec;        /* its events */
	char call_id[64];         /* the call it talks on */
};

/* Demo agent `agent` signs in on dn with a bar on the pair: BackCTIIP
 * 127.0.0.2, a heartbeat every 500 ms (three missed: the link is lost),
 * reconnects from 200 ms, AutoAnswer; OnReady seen. */
void pair_bar_start(struct pair_bar *b, const struct cti_pair *p, int agent,
		    int dn);
void pair_bar_free(struct pair_bar *b);
/* Every bar raises OnMasterChanged(ACD_MASTERCHANGE), then
 * OnMasterChanged(ACD_RELOGINSUCCESS), and is talking; prints the
 * re-sign-in times after t0 (p50, max). n <= PAIR_BARS_MAX. */
void pair_bars_back(struct pair_bar *bars, int n, int64_t t0,
		    const char *tag);
/* Every call has exactly one CDR row on the backup, with its agent: bar
 * i's call, and the queued call i (taken by agent first_agent + i). */
void pair_cdr_once(const struct cti_pair *p, const struct pair_bar *bars,
		   int n, int first_agent, char queued[][64]);

#endif
