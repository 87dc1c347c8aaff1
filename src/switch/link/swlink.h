/*
 * swlink.h — one connection of the switch-node protocol on libre's loop:
 * frames in and out (lib/common/swframe.h) and heartbeats both ways.
 *
 * Each side sends {"t":"ping"} every hb_ms; a link that has received
 * nothing for SWLINK_MISSED heartbeats is closed with ETIMEDOUT — the
 * longer of ours and the peer's, once swlink_peer_hb() has told it (the
 * hello and the welcome carry each side's interval). Pings are
 * answered by being received: they never reach the frame handler. A bad
 * frame (swframe_read's EPROTO) closes the link with EPROTO, after an
 * {"t":"error"} frame saying why.
 *
 * The close handler runs once, from the loop; the owner then mem_derefs
 * the link (also allowed inside the frame handler).
 */
#ifndef CALLCLOUD_SWLINK_H
#define CALLCLOUD_SWLINK_H

#include <stdint.h>
#include <jansson.h>

struct sa;
struct tcp_sock;
struct swlink;

enum { SWLINK_MISSED = 3, SWLINK_HB_MAX = 60000 };

typedef void (swlink_frame_h)(const json_t *frame, void *arg);
typedef void (swlink_estab_h)(void *arg);
typedef void (swlink_close_h)(int err, void *arg);

/* Accepts the pending connection of ts (from tcp_listen's handler). */
int swlink_accept(struct swlink **lp, struct tcp_sock *ts, uint32_t hb_ms,
		  swlink_frame_h *fh, swlink_close_h *ch, void *arg);
/* Connects to peer; eh runs once the connection is up. */
int swlink_connect(struct swlink **lp, const struct sa *peer, uint32_t hb_ms,
		   swlink_estab_h *eh, swlink_frame_h *fh, swlink_close_h *ch,
		   void *arg);
/* Sends frame (borrowed). 0, ENOTCONN before estab, or an encoding or
 * socket errno. */
int swlink_send(struct swlink *l, const json_t *frame);
/* The peer's heartbeat interval (from its hello or welcome, at most
 * SWLINK_HB_MAX; 0: unknown, ours is assumed). */
void swlink_peer_hb(struct swlink *l, uint32_t ms);
/* Sends {"t":"error","code":code,"msg":msg} (best effort). */
void swlink_send_error(struct swlink *l, const char *code, const char *msg);
/* The peer's address as "IP:port", for logs. */
const char *swlink_peer(const struct swlink *l);

#endif
