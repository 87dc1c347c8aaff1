/*
 * ws_handshake.c — the opening handshake of RFC 6455, the server's side:
 * the client's upgrade request checked, Sec-WebSocket-Accept computed
 * (base64 of SHA-1 of the key and the protocol's GUID, section 4.2.2),
 * the 101 answer sent and the connection taken from libre's HTTP server.
 * What else a request must have (an Origin, a sub-protocol) is the
 * caller's.
 */
#include <errno.h>
#include <string.h>
#include <openssl/evp.h>
#include <re.h>
#include "websocket/websocket.h"

static const char ws_guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

enum { KEY_MAX = 64 };     /* a key is 24 characters; room for sloppy ones */

static int accept_key(char *out, size_t size, const struct pl *key)
{
	uint8_t md[EVP_MAX_MD_SIZE];
	char buf[KEY_MAX + sizeof(ws_guid)];
	unsigned mdlen = 0;
	size_t olen;
	int err;

	if (!key->l || key->l > KEY_MAX || size < 2)
		return EBADMSG;
	memcpy(buf, key->p, key->l);
	memcpy(buf + key->l, ws_guid, sizeof(ws_guid) - 1);
	if (!EVP_Digest(buf, key->l + sizeof(ws_guid) - 1, md, &mdlen,
			EVP_sha1(), NULL))
		return ENOMEM;
	olen = size - 1;
	err = base64_encode(md, mdlen, out, &olen);
	if (err)
		return err;
	out[olen] = 0;
	return 0;
}

int ws_handshake_check(const struct http_msg *msg, char *accept,
		       size_t size)
{
	const struct http_hdr *key = http_msg_hdr(msg,
						  HTTP_HDR_SEC_WEBSOCKET_KEY);

	/* libre splits "keep-alive, Upgrade" into one header per value */
	if (pl_strcmp(&msg->met, "GET") ||
	    !http_msg_hdr_has_value(msg, HTTP_HDR_UPGRADE, "websocket") ||
	    !http_msg_hdr_has_value(msg, HTTP_HDR_CONNECTION, "Upgrade") ||
	    !http_msg_hdr_has_value(msg, HTTP_HDR_SEC_WEBSOCKET_VERSION,
				    "13") || !key)
		return EBADMSG;
	return accept_key(accept, size, &key->val);
}

static int no_headers(struct re_printf *pf, void *arg)
{
	(void)pf;
	(void)arg;
	return 0;
}

int ws_handshake_take(struct tcp_conn **tcp, struct tls_conn **tls,
		      struct http_conn *hc, const char *accept,
		      re_printf_h *hdrh, void *hdr_arg, tcp_recv_h *recvh,
		      tcp_close_h *closeh, void *arg)
{
	int err = http_reply(hc, 101, "Switching Protocols",
			     "Upgrade: websocket\r\n"
			     "Connection: Upgrade\r\n"
			     "Sec-WebSocket-Accept: %s\r\n"
			     "%H"
			     "\r\n", accept, hdrh ? hdrh : no_headers,
			     hdr_arg);

	if (err)
		return err;
	/* the connection is ours from here, as libre's websock does it */
	*tcp = mem_ref(http_conn_tcp(hc));
	/* over HTTPS the TLS goes along: http_conn_close() would take it
	 * off the connection, and the next frame would leave in clear */
	*tls = mem_ref(http_conn_tls(hc));
	tcp_set_handlers(*tcp, NULL, recvh, closeh, arg);
	http_conn_close(hc);
	return 0;
}
