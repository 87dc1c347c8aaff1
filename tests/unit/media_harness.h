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
int  phone_alloc(struct phone **pp, int pt, double hz);
/* Opens a second socket and sends from it (a NAT's rewritten port). */
int  phone_send_from_alt(struct phone *p);
void phone_clear(struct phone *p);
/* Sends the RFC 4733 packets of one key press at once: start (marker),
 * one update and three end packets; with_start false drops the start
 * and the update (the packets lost on the way). */
void phone_send_event(struct phone *p, uint8_t event, bool with_start);
/* A leg for the phone: allocated, its remote the phone's signalled
 * address (telephone-event on TELEV_PT), and the phone sends to it. */
int  phone_connect(struct phone *p, struct media *m, struct mleg **lp);
/* Runs the main loop for ms, phones sending every 20 ms. */
void mh_run(unsigned ms);
/* The last n samples a phone received (the caller checks n <= nrx). */
const int16_t *phone_tail(const struct phone *p, size_t n);
double rms(const int16_t *x, size_t n);

#endif
