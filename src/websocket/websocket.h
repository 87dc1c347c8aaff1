/*
 * websocket.h — RFC 6455 WebSocket, the server's side, shared by the
 * JSON-RPC /ws of the HTTP port (src/api/ws.c) and SIP over WebSocket at
 * /sip (src/switch/sip/sip_ws.c): the opening handshake (ws_handshake.c),
 * frames (ws_frame.c) and messages out of a client's frames (ws_rx.c).
 *
 * Built on libre's HTTP server and TCP connections, not on libre 1.1's
 * websock module, whose receive path trusts a frame's 64-bit length
 * (docs/security.md, "Fuzzing"): here a length over the caller's limit
 * ends the connection before a byte of its payload is read.
 */
#ifndef CALLCLOUD_WEBSOCKET_H
#define CALLCLOUD_WEBSOCKET_H

/* libre's headers come first (re.h, or re_fmt.h, re_tcp.h, re_http.h and
 * theirs): they cannot be included twice. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	WS_OP_CONT = 0x0, WS_OP_TEXT = 0x1, WS_OP_BIN = 0x2,
	WS_OP_CLOSE = 0x8, WS_OP_PING = 0x9, WS_OP_PONG = 0xa,
};

enum {
	WS_CLOSE_NORMAL = 1000, WS_CLOSE_GOING_AWAY = 1001,
	WS_CLOSE_PROTOCOL = 1002, WS_CLOSE_UNSUPPORTED = 1003,
	WS_CLOSE_TOO_BIG = 1009, WS_CLOSE_INTERNAL = 1011,
};

/* ws_handshake.c */
/* Is msg a WebSocket upgrade (GET, Upgrade: websocket, Connection:
 * Upgrade, version 13, a key)? 0 with accept the Sec-WebSocket-Accept
 * value, or EBADMSG. */
int  ws_handshake_check(const struct http_msg *msg, char *accept,
			size_t size);
/* Answers 101 with accept and what hdrh prints (headers, each with its
 * CRLF; NULL: none), then takes the connection from libre's HTTP server:
 * *tcp gets it, with recvh and closeh called with arg, and *tls the TLS
 * under it on an HTTPS port (NULL on plain HTTP), which the caller keeps
 * as long as *tcp and lets go with it. */
int  ws_handshake_take(struct tcp_conn **tcp, struct tls_conn **tls,
		       struct http_conn *hc, const char *accept,
		       re_printf_h *hdrh, void *hdr_arg, tcp_recv_h *recvh,
		       tcp_close_h *closeh, void *arg);

/* ws_frame.c */
/* One frame, its payload p[0..n) unmasked; an error ends the parse. */
typedef int (ws_frame_h)(bool fin, uint8_t opcode, const uint8_t *p,
			 size_t n, void *arg);
/* A whole unmasked frame, as a server sends them. */
int  ws_frame_send(struct tcp_conn *tc, uint8_t opcode, const uint8_t *p,
		   size_t n);
/* A Close frame with code and reason (cut to what a control frame
 * holds). */
int  ws_close_send(struct tcp_conn *tc, uint16_t code, const char *reason);
/* The whole frames at mb's position, consumed; a partial one waits.
 * EPROTO: not a client's frame (unmasked, RSV bits, a long or split
 * control frame); EOVERFLOW: a payload over max, whatever the rest. */
int  ws_frames_parse(struct mbuf *mb, size_t max, ws_frame_h *h, void *arg);

/* ws_rx.c */
struct ws_rx;
/* A whole data message (WS_OP_TEXT or WS_OP_BIN, its fragments joined);
 * an error ends the feed and is ws_rx_feed's. */
typedef int (ws_msg_h)(uint8_t opcode, const uint8_t *p, size_t n,
		       void *arg);
/* Messages of at most max bytes, fragments included. */
int  ws_rx_alloc(struct ws_rx **rxp, size_t max);
/* Forgets a partial frame and a partial message (a new connection). */
void ws_rx_reset(struct ws_rx *rx);
/* The bytes mb holds from the client on tc: pings answered on tc, a
 * Close echoed on tc, whole messages to h. ESHUTDOWN: the client closed
 * with 1000, ECONNRESET: it closed otherwise; EPROTO and EOVERFLOW as
 * ws_frames_parse's (a message or what waits over max is EOVERFLOW too),
 * or h's error. */
int  ws_rx_feed(struct ws_rx *rx, struct tcp_conn *tc, const struct mbuf *mb,
		ws_msg_h *h, void *arg);
/* The Close code for a feed's error: EPROTO 1002, EOVERFLOW 1009,
 * ENOTSUP (a message the caller does not take) 1003; 0 for ESHUTDOWN and
 * ECONNRESET (the client's Close was echoed); 1011 else. */
uint16_t ws_close_code(int err);

#endif
