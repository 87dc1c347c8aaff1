/*
 * sdp_g711.h — a SIP message's SDP read for G.711, the codec family both
 * of callcloud's SIP user agents speak: the switch's legs (src/switch/sip)
 * and the SDK's softphone (lib/agentbar). Both link libre, whose SDP and
 * SIP types this takes; it is the one file of lib/common that needs it.
 */
#ifndef CALLCLOUD_SDP_G711_H
#define CALLCLOUD_SDP_G711_H

#include <stdbool.h>

struct sdp_session;
struct sdp_media;
struct sip_msg;

/* RFC 3551's static payload types */
enum { SDP_PT_PCMU = 0, SDP_PT_PCMA = 8 };

/*
 * Decodes msg's body (an offer, or an answer) into sess, whose media is
 * m, and gives the far end's first G.711 format we support in *ptp and
 * its telephone-event payload type (-1: none) in *tevp.
 * EBADMSG: no SDP body, or one that does not parse; EPROTONOSUPPORT: no
 * G.711 in it.
 */
int sdp_g711_take(struct sdp_session *sess, const struct sdp_media *m,
		  const struct sip_msg *msg, bool offer, int *ptp, int *tevp);

#endif
