/*
 * media_harness.h — test "phones" for the media engine tests: raw UDP
 * sockets on 127.0.0.1 that send RTP carrying a sine tone every 20 ms and
 * keep what they receive (decoded audio, sequence numbers, RFC 4733
 * events); goertzel.h tells which tones were heard.
 */
#ifndef MEDIA_HARNESS_H
#define MEDIA_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <re.h>
#include "media/media.h"
#include "goertzel.h"

#define PHONE_RX_MAX 16000   /* 2 s of audio */
#define PHONE_PKT_MAX 512
#define PHONE_TEV_MAX 64
#define TELEV_PT 101

struct phone_pkt {
	uint16_t seq;
	uint32_t ts;
	uint8_t pt;
	bool marker;
	bool on_alt;       /* arrived at the alternate socket */
};

struct phone_tev {
	uint8_t event;
	bool end;
	bool marker;
	uint32_t ts;
};

struct phone {
	struct le le;
	struct udp_sock *us;     /* the signalled address */
	struct udp_sock *alt;    /* if set, the phone sends from here */
	struct sa addr;          /* us's address, what SDP would carry */
	struct sa engine;        /* where it sends */
	int pt;                  /* 0 PCMU / 8 PCMA */
	double hz;               /* 0: sends nothing */
	uint16_t seq;
	uint32_t ts;
	uint32_t n;              /* samples sent so far (phase) */
	uint64_t rx_at;          /* jiffies its last packet came at */
	unsigned late_every;     /* every n-th packet 10 ms late; 0 none */
	unsigned ticks;
	struct tmr late;         /* sends the packet held back */

	int16_t rx[PHONE_RX_MAX];
	size_t nrx;
	struct phone_pkt pkt[PHONE_PKT_MAX];
	size_t npkt;
	struct phone_tev tev[PHONE_TEV_MAX];
	size_t ntev;
};

/* libre_init + a list of phones the ticker drives. */
int  mh_init(void);
void mh_close(void);
/* The same as cmocka group fixtures. */
int  mh_group_setup(void **state);
int  mh_group_teardown(void **state);

/* What an engine test works with: the engine and up to three phones with
 * their legs, NULL until used. mh_setup(), a cmocka fixture, allocates the
 * engine on 127.0.0.1 (RTP ports 30000-39999) into a zeroed one and
 * mh_teardown() frees whatever the test used. */
struct mh_fx {
	struct media *m;
	struct phone *a, *b, *c;
	struct mleg *la, *lb, *lc;
};
int  mh_setup(void **state);
int  mh_teardown(void **state);
int  phone_alloc(struct phone **pp, int pt, double hz);
/* Opens a second socket and sends from it (a NAT's rewritten port). */
int  phone_send_from_alt(struct phone *p);
void phone_clear(struct phone *p);
/* Every n-th audio packet goes 10 ms late (a sender's scheduler or the
 * network holding it back); 0: none. */
void phone_delay_every(struct phone *p, unsigned n);
/* Sends the RFC 4733 packets of one key press at once: start (marker),
 * one update and three end packets; with_start false drops the start
 * and the update (the packets lost on the way). */
void phone_send_event(struct phone *p, uint8_t event, bool with_start);
/* A leg for the phone: allocated, its remote the phone's signalled
 * address (telephone-event on TELEV_PT), and the phone sends to it. */
int  phone_connect(struct phone *p, struct media *m, struct mleg **lp);
/* Runs the main loop for ms, phones sending every 20 ms (against the
 * ideal time, as the engine's clock: the same rate and, in runs back to
 * back, the same phase). */
void mh_run(unsigned ms);
/* The phones send offset_ms after the engine's ticks from now on (the
 * moment p last got a packet from the engine is one of them). */
void mh_phase(const struct phone *p, unsigned offset_ms);
/* The last n samples a phone received (the caller checks n <= nrx). */
const int16_t *phone_tail(const struct phone *p, size_t n);
double rms(const int16_t *x, size_t n);

#endif
